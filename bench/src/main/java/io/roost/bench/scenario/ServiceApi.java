package io.roost.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roost.registry.policy.ServiceConnectionString;
import io.roost.registry.sas.SasTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The parts of Roost's service REST API the scenarios use: C2D send
 * ({@code POST /devices/{id}/messages/deviceBound}, docs/cloud-to-device.md), the D2C partition
 * figures and reads ({@code GET /messages/events/partitions}, {@code GET /messages/events},
 * docs/telemetry-read.md), with a token of a
 * policy with ServiceConnect signed once for an hour. Thread-safe.
 */
final class ServiceApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String API_VERSION = "2021-04-12";

    private final URI http;
    private final String token;
    // HTTP/1.1: the default HTTP/2 attempt adds an h2c upgrade to every request on plain http.
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** @param connectionString of a policy with ServiceConnect ({@code service} or {@code iothubowner}) */
    ServiceApi(URI http, String connectionString) {
        ServiceConnectionString parsed = ServiceConnectionString.parse(connectionString);
        this.http = http;
        this.token = SasTokens.sign(parsed.hostName(), parsed.key(), Instant.now().plus(Duration.ofHours(1)), parsed.policyName());
    }

    /** Sends one C2D message; completes with the HTTP status (201 when queued durably). */
    CompletableFuture<Integer> sendC2d(String deviceId, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(http + "/devices/" + deviceId
                        + "/messages/deviceBound?api-version=" + API_VERSION))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", token)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    /** Records in the D2C log now: the sum over partitions of nextSequence - earliestSequence. */
    long recordsInLog() throws IOException, InterruptedException {
        long records = 0;
        for (JsonNode partition : partitions()) {
            records += partition.get("nextSequence").asLong() - partition.get("earliestSequence").asLong();
        }
        return records;
    }

    /** {@code GET /messages/events/partitions}: one object per partition. */
    JsonNode partitions() throws IOException, InterruptedException {
        return JSON.readTree(get("/messages/events/partitions?api-version=" + API_VERSION, Duration.ofSeconds(10)));
    }

    /**
     * One page of {@code GET /messages/events} from {@code fromSequence}, long-polling up to
     * {@code waitSeconds} when nothing is there yet.
     */
    EventPage readPage(int partition, long fromSequence, int max, int waitSeconds) throws IOException, InterruptedException {
        String pathAndQuery = "/messages/events?partition=" + partition + "&fromSequence=" + fromSequence + "&max=" + max
                + "&timeout=" + waitSeconds + "&api-version=" + API_VERSION;
        HttpResponse<byte[]> response = client.send(request(pathAndQuery, Duration.ofSeconds(waitSeconds + 10L)),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + pathAndQuery + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return EventPage.parse(response.body());
    }

    private HttpRequest request(String pathAndQuery, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(http + pathAndQuery)).timeout(timeout).header("Authorization", token).build();
    }

    private String get(String pathAndQuery, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request(pathAndQuery, timeout), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
