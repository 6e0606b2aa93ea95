package io.roost.server.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.log.LogReader;
import io.roost.core.log.StartPosition;
import io.roost.core.log.TelemetryLog;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.sas.SasTokens;
import io.roost.server.config.ConfigLoader;
import io.roost.server.lifecycle.RoostServer;
import io.roost.server.listener.BoundListener;
import io.roost.server.registry.RestClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throttling on the HTTP edges of an in-process server: a device over its D2C rate and a policy
 * over its registry rate get 429 {@code ThrottlingException} with {@code Retry-After}, nothing is
 * appended for a refused message, and the refusals are counted in {@code /metrics}.
 */
class HttpThrottleTest {

    @TempDir
    Path dataDir;

    private RoostServer server;
    private RestClient rest;

    private void start(Map<String, String> limits) throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of("ROOST_LISTENERS_HTTP_PORT", "0",
                "ROOST_LISTENERS_HTTPS_ENABLED", "false", "ROOST_LISTENERS_MQTT_ENABLED", "false",
                "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false",
                "ROOST_LISTENERS_AMQPS_ENABLED", "false"));
        environment.putAll(limits);
        server = new RoostServer(ConfigLoader.load(Optional.empty(), environment, Map.of()), dataDir);
        server.start();
        BoundListener listener = server.listeners().stream().filter(l -> l.name().key().equals("http")).findFirst()
                .orElseThrow();
        rest = new RestClient(listener.url(), null, dataDir, "localhost");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void postEvents_whenOverTheDeviceRate_then429WithRetryAfterAndNothingAppended() throws Exception {
        start(Map.of("ROOST_THROTTLE_D2C_DEVICEMESSAGESPERSECOND", "1", "ROOST_THROTTLE_D2C_DEVICEBURST", "2"));
        String noisy = tokenFor("noisy");
        String quiet = tokenFor("quiet");

        assertThat(post("noisy", noisy).statusCode()).isEqualTo(204);
        assertThat(post("noisy", noisy).statusCode()).isEqualTo(204);
        HttpResponse<String> refused = post("noisy", noisy);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).startsWith("{\"errorCode\":\"ThrottlingException\",\"message\":\"device noisy sends more than 1");
        assertThat(post("quiet", quiet).statusCode()).as("another device is not refused").isEqualTo(204);
        assertThat(recordsOf("noisy")).isEqualTo(2);
        assertThat(metrics()).contains("roost_throttled_total{kind=\"d2c\",protocol=\"http\"} 1.0");
    }

    @Test
    void registry_whenPolicyOverItsRate_then429WithRetryAfterAndOtherPoliciesServed() throws Exception {
        start(Map.of("ROOST_THROTTLE_REGISTRY_POLICYREQUESTSPERSECOND", "2"));
        String readWrite = rest.token("registryReadWrite");

        assertThat(rest.send("PUT", "/devices/d1", readWrite, "{}", Map.of()).statusCode()).isEqualTo(200);
        assertThat(rest.send("GET", "/devices/d1", readWrite, null, Map.of()).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = rest.send("GET", "/devices/d1", readWrite, null, Map.of());

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).contains("\"errorCode\":\"ThrottlingException\"").contains("registryReadWrite");
        assertThat(rest.send("GET", "/devices/d1", rest.token("iothubowner"), null, Map.of()).statusCode())
                .as("another policy has its own bucket").isEqualTo(200);
        assertThat(metrics()).contains("roost_throttled_total{kind=\"registry\",protocol=\"http\"} 1.0");
    }

    private HttpResponse<String> post(String deviceId, String token) throws Exception {
        return rest.send("POST", "/devices/" + deviceId + "/messages/events?api-version=2020-09-30", token, "{\"t\":1}",
                Map.of());
    }

    private String metrics() throws Exception {
        return rest.send("GET", "/metrics", null, null, Map.of()).body();
    }

    private String tokenFor(String deviceId) {
        String key = server.registry().create(DeviceSpec.of(deviceId)).join().authentication().symmetricKey().primaryKey();
        return SasTokens.sign(SasTokens.deviceResource("localhost", deviceId), key, Instant.now().plusSeconds(3600), null);
    }

    private int recordsOf(String deviceId) {
        TelemetryLog log = server.telemetryLog();
        try (LogReader reader = log.openReader(log.partitionFor(deviceId), StartPosition.earliest())) {
            return (int) reader.poll(100).stream().filter(r -> r.message().deviceId().equals(deviceId)).count();
        }
    }
}
