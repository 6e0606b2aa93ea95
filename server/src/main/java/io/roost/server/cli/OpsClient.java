package io.roost.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The operations log route of the service REST API ({@code GET /operations},
 * docs/operations-log.md) on a {@link RegistryClient}'s connection and token: a page of events, or
 * the live stream. Failures are {@link CliException}s with one line. Not thread-safe; one per command.
 */
final class OpsClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClient client;

    OpsClient(RegistryClient client) {
        this.client = client;
    }

    /** The newest matching events, newest last. @param query the query string without '?', or "" */
    JsonNode list(String query) {
        return client.json(client.send(client.request(path(query)).GET(), null, RegistryClient.REQUEST_TIMEOUT));
    }

    /**
     * Follows the log: hands each event (the newest matching ones first, then each new one) to
     * {@code onEvent} until it returns false, the server ends the stream or the thread is
     * interrupted. Blocks the calling thread meanwhile.
     */
    void follow(String query, Predicate<JsonNode> onEvent) {
        HttpResponse<Stream<String>> reply = client.sendForLines(client.request(path(query))
                .setHeader("Accept", "text/event-stream").GET(), RegistryClient.REQUEST_TIMEOUT);
        try (Stream<String> lines = reply.body()) {
            Iterator<String> it = lines.iterator();
            while (!Thread.currentThread().isInterrupted() && it.hasNext()) {
                String line = it.next();
                if (line.startsWith("data:") && !onEvent.test(parse(line.substring("data:".length()).trim()))) {
                    return;
                }
            }
        } catch (UncheckedIOException e) {
            if (!Thread.currentThread().isInterrupted()) {
                throw new CliException("lost the connection to the server at " + client.baseUrl() + ": " + e.getMessage());
            }
        }
    }

    private JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new CliException("the server at " + client.baseUrl() + " sent an event that is not JSON");
        }
    }

    private static String path(String query) {
        return "/operations" + (query.isEmpty() ? "" : "?" + query);
    }
}
