package io.roost.compat.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import io.roost.compat.support.InProcessServers;
import io.roost.compat.support.LoopbackPorts;
import io.roost.core.c2d.C2dSettings;
import io.roost.core.testing.MutableClock;
import io.roost.registry.policy.ConnectionStrings;
import io.roost.registry.policy.HubIdentity;
import io.roost.registry.sas.SasTokens;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ConfigLoader.RawFlag;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of C2D over MQTT with the Azure IoT device SDK 2.5.0: a device that is offline while
 * ten messages are sent over the service REST API receives all ten, in order, when it connects,
 * and the sender then reads ten Success feedback records over REST. The server's clock is the
 * test's, so the 15 s feedback batching delay passes without waiting. The SDK dials 8883, so the
 * test binds mqtts on 127.0.0.1:8883 and is skipped when that port is taken.
 *
 * <p>The hub has a dotted host name that this JVM resolves to loopback (the module's {@code hosts}
 * file), so the connection string has no {@code GatewayHostName}: given one, the SDK takes Roost
 * for an IoT Edge hub and never subscribes to its C2D topic (docs/mqtt.md).
 */
class AzureDeviceSdkC2dTest {

    private static final int MESSAGES = 10;
    private static final String HOST_NAME = "hub.roost.test";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void receive_whenTenSentWhileOffline_thenAllInOrderAndTenSuccessFeedbackRecords() throws Exception {
        assumeTrue(LoopbackPorts.isFree(TlsTransport.MQTTS.sdkPort), "port 8883 cannot be bound on 127.0.0.1");
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of(
                        "ROOST_HOSTNAME", HOST_NAME,
                        "ROOST_LISTENERS_HTTP_PORT", "0",
                        "ROOST_LISTENERS_HTTPS_ENABLED", "false",
                        "ROOST_LISTENERS_MQTT_ENABLED", "false",
                        "ROOST_LISTENERS_AMQP_ENABLED", "false",
                        "ROOST_LISTENERS_AMQPS_ENABLED", "false"),
                Map.of(ListenerName.MQTTS.portKey(), new RawFlag("--mqtts-port", String.valueOf(TlsTransport.MQTTS.sdkPort)),
                        ListenerName.MQTTS.bindAddressKey(), new RawFlag("--mqtts-bind", "127.0.0.1")));
        try (RoostServer server = new RoostServer(config, dataDir, clock)) {
            server.start();
            String key = PahoMqttTest.createDevice(server, "dev1");
            String base = "http://127.0.0.1:" + InProcessServers.port(server, ListenerName.HTTP);
            String serviceToken = serviceToken();
            for (int i = 0; i < MESSAGES; i++) {
                HttpResponse<String> sent = send(HttpRequest.newBuilder(URI.create(base + "/devices/dev1/messages/deviceBound"))
                        .header("Authorization", serviceToken)
                        .header("iothub-messageid", "c" + i)
                        .header("iothub-ack", "full")
                        .header("iothub-app-n", String.valueOf(i))
                        .POST(HttpRequest.BodyPublishers.ofString("command " + i)));
                assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
            }

            Queue<String> received = new ConcurrentLinkedQueue<>();
            DeviceClient client = new DeviceClient(
                    new ConnectionStrings(HOST_NAME, HubIdentity.DEFAULT_HUB_NAME).forDevice("dev1", key),
                    TlsTransport.MQTTS.sdkProtocol,
                    ClientOptions.builder().sslContext(PahoMqttsTest.trustOnly(server.caFile().orElseThrow())).build());
            client.setMessageCallback((message, context) -> {
                received.add(message.getMessageId() + ":" + message.getProperty("n") + ":" + new String(message.getBytes()));
                return IotHubMessageResult.COMPLETE;
            }, null);
            client.open(true);
            await().atMost(Duration.ofSeconds(30)).until(() -> server.c2dQueues().depth("dev1") == 0);
            client.close();

            List<String> expected = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                expected.add("c" + i + ":" + i + ":command " + i);
            }
            assertThat(received).containsExactlyElementsOf(expected);

            clock.advance(C2dSettings.defaults().feedbackBatchDelay());
            server.c2dQueues().sweep().join();
            List<String> feedback = new ArrayList<>();
            for (HttpResponse<String> batch; (batch = send(HttpRequest.newBuilder(
                    URI.create(base + "/messages/serviceBound/feedback")).header("Authorization", serviceToken).GET()))
                    .statusCode() == 200; ) {
                for (JsonNode record : JSON.readTree(batch.body())) {
                    assertThat(record.get("deviceId").asText()).isEqualTo("dev1");
                    feedback.add(record.get("originalMessageId").asText() + "=" + record.get("statusCode").asText());
                }
                String lockToken = batch.headers().firstValue("etag").orElseThrow().replace("\"", "");
                assertThat(send(HttpRequest.newBuilder(URI.create(base + "/messages/serviceBound/feedback/" + lockToken))
                        .header("Authorization", serviceToken).DELETE()).statusCode()).isEqualTo(204);
            }
            assertThat(feedback).containsExactlyInAnyOrderElementsOf(
                    expected.stream().map(line -> line.substring(0, line.indexOf(':')) + "=Success").toList());
        }
    }

    private String serviceToken() throws IOException {
        HubIdentity hub = HubIdentity.loadOrCreate(dataDir, HOST_NAME);
        return SasTokens.sign(hub.hostName(), hub.policy("service").orElseThrow().primaryKey(),
                Instant.now().plusSeconds(3600), "service");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
