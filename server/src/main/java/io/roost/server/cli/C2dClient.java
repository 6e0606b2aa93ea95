package io.roost.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The C2D routes of the service REST API ({@code docs/cloud-to-device.md}) on a
 * {@link RegistryClient}'s connection and token: send, purge, and the feedback queue. Failures are
 * {@link CliException}s with one line, as the registry client's. Not thread-safe; one per command.
 */
final class C2dClient {

    private final RegistryClient client;

    C2dClient(RegistryClient client) {
        this.client = client;
    }

    /**
     * Queues a message; {@code headers} are IoT Hub's ({@code iothub-ack}, {@code iothub-app-*}, ...).
     *
     * @return {@code {"deviceId","messageId","sequenceNumber","enqueuedTimeUtc","expiryTimeUtc"}}
     */
    JsonNode send(String deviceId, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = client.request(devicePath(deviceId) + "/messages/deviceBound")
                .POST(BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return client.json(client.send(request, deviceId, RegistryClient.REQUEST_TIMEOUT));
    }

    /** @return IoT Hub's {@code {"deviceId","totalMessagesPurged"}} */
    JsonNode purge(String deviceId) {
        HttpRequest.Builder request = client.request(devicePath(deviceId) + "/commands").DELETE();
        return client.json(client.send(request, deviceId, RegistryClient.REQUEST_TIMEOUT));
    }

    /** The oldest feedback batch, now locked for this client; empty when none is ready. */
    Optional<FeedbackBatch> receiveFeedback() {
        HttpResponse<String> reply = client.send(client.request("/messages/serviceBound/feedback").GET(), null,
                RegistryClient.REQUEST_TIMEOUT);
        if (reply.statusCode() == 204) {
            return Optional.empty();
        }
        String etag = reply.headers().firstValue("etag").orElseThrow(() -> new CliException(
                "the server at " + client.baseUrl() + " answered a feedback batch without an ETag"));
        List<JsonNode> records = new ArrayList<>();
        client.json(reply).forEach(records::add);
        return Optional.of(new FeedbackBatch(etag.replace("\"", ""), records));
    }

    /** Deletes the batch this client holds under {@code lockToken}. */
    void completeFeedback(String lockToken) {
        client.send(client.request("/messages/serviceBound/feedback/" + PathSegment.encode(lockToken)).DELETE(), null,
                RegistryClient.REQUEST_TIMEOUT);
    }

    private static String devicePath(String deviceId) {
        return "/devices/" + PathSegment.encode(deviceId);
    }

    /** Feedback records as the server gave them, and the token that completes them. */
    record FeedbackBatch(String lockToken, List<JsonNode> records) {
    }
}
