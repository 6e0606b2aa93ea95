package io.roost.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A client of the service REST API on the JDK's HTTP client: the registry ({@code docs/registry.md})
 * and the D2C read routes ({@code docs/telemetry-read.md}); {@link C2dClient} adds the C2D routes
 * on top of it. Every
 * request carries one policy token signed when the client is made (valid for an hour, longer
 * than any command runs). Failures become a {@link CliException} with one line saying what went
 * wrong. Not thread-safe; one per command invocation.
 */
final class RegistryClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Import and export of 100,000 devices take seconds; leave room for a busy machine. */
    static final Duration BULK_TIMEOUT = Duration.ofMinutes(5);
    static final Duration TOKEN_TTL = Duration.ofHours(1);
    static final String CONTINUATION = "x-ms-continuation";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI baseUrl;
    private final String token;
    private final ServerFailures failures;

    RegistryClient(URI baseUrl, HubKeys keys, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.baseUrl = baseUrl;
        this.token = keys.policyToken(keys.defaultPolicy(), clock.instant(), TOKEN_TTL);
        this.failures = new ServerFailures(baseUrl, keys);
    }

    /** A device with its keys and etag. */
    JsonNode get(String deviceId) {
        return json(send(request(devicePath(deviceId)).GET(), deviceId, REQUEST_TIMEOUT));
    }

    /** Creates the device; fails when it exists. */
    JsonNode create(String deviceId, ObjectNode device) {
        return json(send(request(devicePath(deviceId)).PUT(jsonBody(device)), deviceId, REQUEST_TIMEOUT));
    }

    /** Replaces the device if its etag is still {@code etag}; fails with status 412 otherwise. */
    JsonNode replace(String deviceId, ObjectNode device, String etag) {
        HttpRequest.Builder request = request(devicePath(deviceId)).PUT(jsonBody(device))
                .header("If-Match", "\"" + etag + "\"");
        return json(send(request, deviceId, REQUEST_TIMEOUT));
    }

    void delete(String deviceId) {
        send(request(devicePath(deviceId)).DELETE().header("If-Match", "*"), deviceId, REQUEST_TIMEOUT);
    }

    /** One page of at most {@code top} devices; {@code continuation} is null for the first. */
    DevicePage list(int top, String continuation) {
        HttpRequest.Builder request = request("/devices?top=" + top).GET();
        if (continuation != null) {
            request.header(CONTINUATION, continuation);
        }
        HttpResponse<String> reply = send(request, null, REQUEST_TIMEOUT);
        JsonNode array = parse(reply.body());
        if (!array.isArray()) {
            throw new CliException("the server at " + baseUrl + " answered a device list that is not a JSON array");
        }
        List<JsonNode> devices = new ArrayList<>(array.size());
        array.forEach(devices::add);
        return new DevicePage(devices, reply.headers().firstValue(CONTINUATION).orElse(null));
    }

    /** Sends the file as it is and returns the result lines. */
    String importDevices(Path file) {
        BodyPublisher body;
        try {
            body = BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new CliException("cannot read " + file + ": no such file");
        }
        HttpRequest.Builder request = request("/devices/import").POST(body)
                .header("Content-Type", "application/x-ndjson");
        return send(request, null, BULK_TIMEOUT).body();
    }

    /** The export, streamed; the caller closes it. */
    InputStream export(boolean includeKeys) {
        HttpRequest.Builder request = request("/devices/export" + (includeKeys ? "?includeKeys=true" : "")).GET();
        HttpResponse<InputStream> reply = exchange(request, BodyHandlers.ofInputStream(), BULK_TIMEOUT);
        if (reply.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = reply.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw failures.of(reply.statusCode(), body, null);
        }
        return reply.body();
    }

    /** {@code GET /messages/events/partitions}: each partition's earliest and next sequence number. */
    JsonNode eventPartitions() {
        return json(send(request("/messages/events/partitions").GET(), null, REQUEST_TIMEOUT));
    }

    /**
     * One page of a partition's messages, {@code {"partition","messages":[...],"nextSequence"}}.
     *
     * @param start the start parameter as it goes in the query ({@code fromSequence=5}), or "" for the earliest
     * @param longPollSeconds how long the server may wait for a first message (0: answer at once)
     */
    JsonNode events(int partition, String start, int max, int longPollSeconds) {
        String query = "/messages/events?partition=" + partition + (start.isEmpty() ? "" : "&" + start)
                + "&max=" + max + "&timeout=" + longPollSeconds;
        return json(send(request(query).GET(), null, REQUEST_TIMEOUT.plusSeconds(longPollSeconds)));
    }

    URI baseUrl() {
        return baseUrl;
    }

    /** A request to the server with the client's token; for the clients of other route sets built on this one. */
    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .header("Authorization", token)
                .header("Accept", "application/json");
    }

    /**
     * Sends the request and returns a 2xx answer.
     *
     * @param deviceId the device the request is about, for the failure's message, or null
     * @throws CliException with one line saying what went wrong, for any other answer or none
     */
    HttpResponse<String> send(HttpRequest.Builder request, String deviceId, Duration timeout) {
        HttpResponse<String> reply = exchange(request, BodyHandlers.ofString(StandardCharsets.UTF_8), timeout);
        if (reply.statusCode() / 100 != 2) {
            throw failures.of(reply.statusCode(), reply.body(), deviceId);
        }
        return reply;
    }

    /**
     * Sends the request and returns a 2xx answer whose body is read line by line as it arrives
     * (server-sent events); {@code timeout} bounds the wait for the answer's head only.
     *
     * @throws CliException with one line saying what went wrong, for any other answer or none
     */
    HttpResponse<Stream<String>> sendForLines(HttpRequest.Builder request, Duration timeout) {
        HttpResponse<Stream<String>> reply = exchange(request, BodyHandlers.ofLines(), timeout);
        if (reply.statusCode() / 100 != 2) {
            String body;
            try (Stream<String> lines = reply.body()) {
                body = lines.collect(Collectors.joining("\n"));
            }
            throw failures.of(reply.statusCode(), body, null);
        }
        return reply;
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, BodyHandler<T> handler, Duration timeout) {
        try {
            return http.send(request.timeout(timeout).build(), handler);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw failures.unreachable();
        } catch (HttpTimeoutException e) {
            throw new CliException("the server at " + baseUrl + " did not answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new CliException("lost the connection to the server at " + baseUrl + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private static String devicePath(String deviceId) {
        return "/devices/" + PathSegment.encode(deviceId);
    }

    private static BodyPublisher jsonBody(ObjectNode device) {
        return BodyPublishers.ofString(device.toString(), StandardCharsets.UTF_8);
    }

    JsonNode json(HttpResponse<String> reply) {
        return parse(reply.body());
    }

    private JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CliException("the server at " + baseUrl + " answered something that is not JSON");
        }
    }

    /** A page of devices as JSON; {@code continuation} is null on the last page. */
    record DevicePage(List<JsonNode> devices, String continuation) {
    }
}
