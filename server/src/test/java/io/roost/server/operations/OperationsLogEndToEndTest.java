package io.roost.server.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.roost.core.c2d.AckMode;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationEvent;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.sas.SasTokens;
import io.roost.server.config.ConfigLoader;
import io.roost.server.lifecycle.RoostServer;
import io.roost.server.listener.BoundListener;
import io.roost.server.registry.RestClient;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations log end to end on an in-process server: a device connecting over MQTT with a
 * wrong key and a device rejecting every C2D message over the HTTP device API both show up in
 * {@code GET /operations?deviceId=...} and in {@code /metrics} with their device id; the REST
 * route's parameters, permission and live stream.
 */
class OperationsLogEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private RoostServer server;
    private RestClient rest;
    private BoundListener http;
    private BoundListener mqtt;

    @BeforeEach
    void start() throws Exception {
        server = new RoostServer(ConfigLoader.load(Optional.empty(), Map.of("ROOST_LISTENERS_HTTP_PORT", "0",
                "ROOST_LISTENERS_MQTT_PORT", "0", "ROOST_LISTENERS_HTTPS_ENABLED", "false",
                "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false",
                "ROOST_LISTENERS_AMQPS_ENABLED", "false"), Map.of()), dataDir);
        server.start();
        http = listener("http");
        mqtt = listener("mqtt");
        rest = new RestClient(http.url(), null, dataDir, "localhost");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private BoundListener listener(String name) {
        return server.listeners().stream().filter(l -> l.name().key().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void wrongKeyOverMqtt_andEveryC2dMessageRejected_thenBothInOperationsAndMetricsWithTheirDeviceId() throws Exception {
        server.registry().create(DeviceSpec.of("wrongkey")).join();
        String rejecterKey = server.registry().create(DeviceSpec.of("rejecter")).join()
                .authentication().symmetricKey().primaryKey();

        assertThat(mqttConnAck("wrongkey", deviceToken("wrongkey", Base64.getEncoder().encodeToString(new byte[32]))))
                .as("CONNACK refused: bad user name or password").isEqualTo(4);

        String rejecterToken = deviceToken("rejecter", rejecterKey);
        for (int i = 0; i < 2; i++) {
            server.c2dQueues().send("rejecter", "gen", new C2dMessage("m-" + i, null, null, "text/plain", null,
                    AckMode.NONE, 0, Map.of(), "go".getBytes(StandardCharsets.UTF_8))).join();
            HttpResponse<String> received = rest.send("GET", "/devices/rejecter/messages/deviceBound", rejecterToken,
                    null, Map.of());
            assertThat(received.statusCode()).isEqualTo(200);
            String etag = received.headers().firstValue("etag").orElseThrow().replace("\"", "");
            assertThat(rest.send("DELETE", "/devices/rejecter/messages/deviceBound/" + etag + "?reject", rejecterToken,
                    null, Map.of()).statusCode()).isEqualTo(204);
        }

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode events = operations("?deviceId=wrongkey");
            assertThat(events).anySatisfy(event -> {
                assertThat(event.get("category").asText()).isEqualTo("Connections");
                assertThat(event.get("operation").asText()).isEqualTo("AUTH_FAILED");
                assertThat(event.get("result").asText()).isEqualTo("Failure");
                assertThat(event.get("statusCode").asInt()).isEqualTo(401);
                assertThat(event.get("protocol").asText()).isEqualTo("mqtt");
                assertThat(event.get("maskedAddress").asText()).isEqualTo("127.0.0.x");
            });
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(operations("?deviceId=rejecter&category=c2dcommands"))
                .filteredOn(event -> event.get("operation").asText().equals("REJECT"))
                .hasSize(2)
                .allSatisfy(event -> {
                    assertThat(event.get("result").asText()).isEqualTo("Failure");
                    assertThat(event.get("deviceId").asText()).isEqualTo("rejecter");
                }));

        String metrics = rest.send("GET", "/metrics", null, null, Map.of()).body();
        assertThat(metrics).containsPattern("roost_device_operation_failures_total\\{category=\"Connections\","
                + "device_id=\"wrongkey\",operation=\"AUTH_FAILED\",?} 1\\.0");
        assertThat(metrics).containsPattern("roost_device_operation_failures_total\\{category=\"C2DCommands\","
                + "device_id=\"rejecter\",operation=\"REJECT\",?} 2\\.0");
        assertThat(metrics).containsPattern("roost_operations_total\\{category=\"C2DCommands\",operation=\"REJECT\","
                + "result=\"Failure\",?} 2\\.0");
        assertThat(metrics).containsPattern("roost_operations_dropped_total(\\{})? 0\\.0");
    }

    @Test
    void throttlingEventOfADevice_thenInOperationsAndMetricsWithItsDeviceId() throws Exception {
        // As the throttle reports a device over its rate, through the server's operations log.
        server.operations().record(OperationEvent.failure(Instant.now(), OperationCategory.Throttling, "THROTTLED", 429,
                "over 100 messages/s", "chatty", "mqtt", "127.0.0.x"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(operations("?deviceId=chatty&category=throttling"))
                .singleElement().satisfies(event -> {
                    assertThat(event.get("operation").asText()).isEqualTo("THROTTLED");
                    assertThat(event.get("statusCode").asInt()).isEqualTo(429);
                }));
        assertThat(rest.send("GET", "/metrics", null, null, Map.of()).body()).containsPattern(
                "roost_device_operation_failures_total\\{category=\"Throttling\",device_id=\"chatty\",operation=\"THROTTLED\",?} 1\\.0");
    }

    @Test
    void operations_thenNewestLastWithTheLimit_andSinceAsADuration() throws Exception {
        for (int i = 0; i < 3; i++) {
            rest.owner("GET", "/devices/dev" + i, null);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(operations("?category=DeviceIdentityOperations")).hasSize(3));

        JsonNode two = operations("?category=DeviceIdentityOperations&limit=2&since=PT1H");
        assertThat(two).extracting(event -> event.get("deviceId").asText()).containsExactly("dev1", "dev2");
        assertThat(two.get(0).get("sequence").asLong()).isLessThan(two.get(1).get("sequence").asLong());
        assertThat(two.get(0).get("statusCode").asInt()).isEqualTo(404);
        assertThat(operations("?since=" + Instant.now().plusSeconds(60))).isEmpty();
    }

    @Test
    void operations_whenBadParametersOrNoPermission_then400NamingTheParameterOr401Or403() throws Exception {
        for (String[] bad : new String[][] {{"since=yesterday", "since"}, {"category=Nope", "category"},
                {"limit=0", "limit"}, {"limit=x", "limit"}}) {
            HttpResponse<String> response = rest.send("GET", "/operations?" + bad[0], rest.token("registryRead"), null,
                    Map.of());
            assertThat(response.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("errorCode").asText()).isEqualTo("ArgumentInvalid");
            assertThat(JSON.readTree(response.body()).get("message").asText()).startsWith(bad[1] + " must be");
        }
        assertThat(rest.send("GET", "/operations", null, null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(rest.send("GET", "/operations", rest.token("service"), null, Map.of()).statusCode()).isEqualTo(403);
        assertThat(rest.send("GET", "/operations", rest.token("iothubowner"), null, Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void operations_whenEventStream_thenPastEventsThenLiveOnes() throws Exception {
        server.registry().create(DeviceSpec.of("live")).join();
        String wrongKey = deviceToken("live", Base64.getEncoder().encodeToString(new byte[32]));
        assertThat(mqttConnAck("live", wrongKey)).isEqualTo(4);
        await().atMost(WAIT).untilAsserted(() -> assertThat(operations("?deviceId=live&category=Connections")).hasSize(1));

        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.url() + "/operations?deviceId=live&category=Connections"))
                .header("Authorization", rest.token("registryRead"))
                .header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            List<String> data = new ArrayList<>();
            // The past event first; the next one is made while the stream is open.
            data.add(nextData(it));
            assertThat(mqttConnAck("live", wrongKey)).isEqualTo(4);
            data.add(nextData(it));
            assertThat(data).allSatisfy(json -> {
                JsonNode event = JSON.readTree(json);
                assertThat(event.get("operation").asText()).isEqualTo("AUTH_FAILED");
                assertThat(event.get("deviceId").asText()).isEqualTo("live");
            });
            assertThat(JSON.readTree(data.get(1)).get("sequence").asLong())
                    .isGreaterThan(JSON.readTree(data.get(0)).get("sequence").asLong());
        }
    }

    /** The next {@code data:} line's content; the iterator blocks until the server sends it. */
    private static String nextData(Iterator<String> lines) {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data: ")) {
                return line.substring("data: ".length());
            }
        }
        throw new AssertionError("the stream ended");
    }

    private JsonNode operations(String query) throws Exception {
        HttpResponse<String> response = rest.send("GET", "/operations" + query, rest.token("registryRead"), null, Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String deviceToken(String deviceId, String key) {
        return SasTokens.sign(SasTokens.deviceResource("localhost", deviceId), key, Instant.now().plusSeconds(3600), null);
    }

    /** Sends an MQTT CONNECT as the Azure device SDK does and returns the CONNACK's return code. */
    private int mqttConnAck(String deviceId, String password) throws Exception {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(MqttMessageBuilders.connect().clientId(deviceId).protocolVersion(MqttVersion.MQTT_3_1_1)
                .username("localhost/" + deviceId + "/?api-version=2021-04-12")
                .password(password.getBytes(StandardCharsets.UTF_8)).cleanSession(true).keepAlive(60).build());
        ByteBuf bytes = encoder.readOutbound();
        byte[] connect = ByteBufUtil.getBytes(bytes);
        bytes.release();
        encoder.finishAndReleaseAll();
        try (Socket socket = new Socket(mqtt.address().getAddress(), mqtt.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(connect);
            InputStream in = socket.getInputStream();
            byte[] connAck = new byte[4];
            new DataInputStream(in).readFully(connAck);
            assertThat(connAck[0]).as("CONNACK").isEqualTo((byte) 0x20);
            return connAck[3];
        }
    }
}
