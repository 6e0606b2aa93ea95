package io.roost.compat.c2d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roost.compat.mqtt.PahoMqttTest;
import io.roost.compat.support.ChildServer;
import io.roost.core.c2d.AckMode;
import io.roost.core.c2d.C2dMessage;
import io.roost.registry.sas.SasTokens;
import io.roost.server.config.ConfigLoader;
import io.roost.server.lifecycle.RoostServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash test of the C2D queues: five messages wait for a device; through the HTTP device API it
 * locks two and completes one; the server is SIGKILLed and restarted on the same data dir. The
 * queued messages and the locked one survive, the completed one stays gone, and the locked one is
 * delivered again once its lock (5 s here, {@code c2d.lockTimeout}) runs out.
 */
class C2dCrashIT {

    private static final Map<String, String> SHORT_LOCKS = Map.of("ROOST_C2D_LOCKTIMEOUT", "PT5S");

    @TempDir
    Path tmp;

    private final List<ChildServer> children = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String deviceToken;

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (ChildServer child : children) {
            child.close();
        }
    }

    @Test
    void sigkill_whenMessagesQueuedAndLocked_thenTheySurviveAndTheLockedOneComesBackAfterItsLock() throws Exception {
        Path dataDir = tmp.resolve("data");
        queueFiveMessages(dataDir);

        ChildServer first = start(dataDir, "first.log");
        String base = "http://127.0.0.1:" + first.port("http");
        HttpResponse<String> locked = poll(base);
        assertThat(locked.statusCode()).isEqualTo(200);
        assertThat(locked.headers().firstValue("iothub-messageid")).hasValue("m1");
        HttpResponse<String> completed = poll(base);
        assertThat(completed.headers().firstValue("iothub-messageid")).hasValue("m2");
        assertThat(settle(base, "DELETE", etag(completed)).statusCode()).isEqualTo(204);
        first.kill();

        ChildServer second = start(dataDir, "second.log");
        base = "http://127.0.0.1:" + second.port("http");
        List<String> delivered = new ArrayList<>();
        String baseAfterRestart = base;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> next = poll(baseAfterRestart);
            if (next.statusCode() == 200) {
                String id = next.headers().firstValue("iothub-messageid").orElseThrow();
                delivered.add(id + "#" + next.headers().firstValue("iothub-deliverycount").orElseThrow());
                assertThat(settle(baseAfterRestart, "DELETE", etag(next)).statusCode()).isEqualTo(204);
            }
            return delivered.size() == 4;
        });

        assertThat(delivered).containsExactlyInAnyOrder("m1#2", "m3#1", "m4#1", "m5#1");
        assertThat(poll(base).statusCode()).isEqualTo(204);
        second.stop();
    }

    /** Creates the device and queues m1..m5 with an in-process server, which is then stopped. */
    private void queueFiveMessages(Path dataDir) throws Exception {
        try (RoostServer server = new RoostServer(ConfigLoader.load(Optional.empty(), Map.of(
                "ROOST_LISTENERS_HTTP_PORT", "0",
                "ROOST_LISTENERS_HTTPS_ENABLED", "false",
                "ROOST_LISTENERS_MQTT_ENABLED", "false",
                "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false"), Map.of()), dataDir)) {
            server.start();
            String key = PahoMqttTest.createDevice(server, "dev1");
            deviceToken = SasTokens.sign(SasTokens.deviceResource("localhost", "dev1"), key,
                    Instant.now().plusSeconds(3600), null);
            for (int i = 1; i <= 5; i++) {
                server.c2dQueues().send("dev1", "gen", C2dMessage.of("m" + i, ("body " + i).getBytes(StandardCharsets.UTF_8))
                        .withAck(AckMode.FULL)).join();
            }
        }
    }

    private ChildServer start(Path dataDir, String logName) throws Exception {
        ChildServer server = ChildServer.start(dataDir, tmp.resolve(logName), SHORT_LOCKS);
        children.add(server);
        return server;
    }

    private HttpResponse<String> poll(String base) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/devices/dev1/messages/deviceBound"))
                .header("Authorization", deviceToken).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> settle(String base, String method, String etag) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/devices/dev1/messages/deviceBound/" + etag))
                .header("Authorization", deviceToken).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String etag(HttpResponse<String> response) {
        return response.headers().firstValue("etag").orElseThrow().replace("\"", "");
    }
}
