package io.roost.compat.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.registry.sas.SasTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A device on IoT Hub's HTTP device API of a test server ({@code GET
 * /devices/{id}/messages/deviceBound}, {@code DELETE .../{etag}} to complete, {@code ?reject} to
 * reject), with the JDK's HTTP client and the device's own SAS token. Not thread-safe.
 */
final class HttpDevice {

    /** One received C2D message: its lock token and what the server said about it. */
    record Received(String lockToken, HttpResponse<String> response) {

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String deviceId;
    private final String token;

    HttpDevice(String baseUrl, String hostName, String deviceId, String deviceKey) {
        this.baseUrl = baseUrl;
        this.deviceId = deviceId;
        this.token = SasTokens.sign(SasTokens.deviceResource(hostName, deviceId), deviceKey,
                Instant.now().plus(Duration.ofHours(1)), null);
    }

    /** The next C2D message, locked for this device; empty when none waits. */
    Optional<Received> receive() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(queue("")).GET());
        if (response.statusCode() == 204) {
            return Optional.empty();
        }
        assertThat(response.statusCode()).as("receive: %s", response.body()).isEqualTo(200);
        String etag = response.headers().firstValue("ETag").orElseThrow();
        return Optional.of(new Received(etag.replace("\"", ""), response));
    }

    void complete(Received message) throws Exception {
        assertThat(send(HttpRequest.newBuilder(queue("/" + message.lockToken())).DELETE()).statusCode()).isEqualTo(204);
    }

    void reject(Received message) throws Exception {
        assertThat(send(HttpRequest.newBuilder(queue("/" + message.lockToken() + "?reject")).DELETE()).statusCode())
                .isEqualTo(204);
    }

    private URI queue(String rest) {
        String separator = rest.contains("?") ? "&" : "?";
        return URI.create(baseUrl + "/devices/" + deviceId + "/messages/deviceBound" + rest + separator
                + "api-version=2021-04-12");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", token).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
