package io.roost.server.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.c2d.AckMode;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.log.LogReader;
import io.roost.core.log.LogRecord;
import io.roost.core.log.StartPosition;
import io.roost.core.log.TelemetryLog;
import io.roost.core.message.SystemProperty;
import io.roost.core.message.TelemetryMessage;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.sas.SasTokens;
import io.roost.server.config.ConfigLoader;
import io.roost.server.lifecycle.RoostServer;
import io.roost.server.listener.BoundListener;
import io.roost.server.registry.RestClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IoT Hub's HTTP device API on an in-process server, with the JDK's HTTP client as the device. */
class HttpDeviceApiTest {

    @TempDir
    Path dataDir;

    private RoostServer server;
    private RestClient rest;
    private String token1;
    private String token2;

    @BeforeEach
    void start() throws Exception {
        server = new RoostServer(ConfigLoader.load(Optional.empty(), Map.of("ROOST_LISTENERS_HTTP_PORT", "0",
                "ROOST_LISTENERS_HTTPS_ENABLED", "false", "ROOST_LISTENERS_MQTT_ENABLED", "false",
                "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false"), Map.of()), dataDir);
        server.start();
        BoundListener listener = server.listeners().stream().filter(l -> l.name().key().equals("http")).findFirst().orElseThrow();
        rest = new RestClient(listener.url(), null, dataDir, "localhost");
        token1 = tokenFor("dev1");
        token2 = tokenFor("dev2");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void postEvents_whenValid_then204AndInTheLogWithProperties() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("iothub-messageid", "m-1");
        headers.put("iothub-correlationid", "c-1");
        headers.put("iothub-contenttype", "application/json");
        headers.put("iothub-app-temperature", "21.5");
        headers.put("iothub-to", "/devices/dev1/messages/events");
        headers.put("Content-Type", "binary/octet-stream");

        HttpResponse<String> response = send("POST", "/devices/dev1/messages/events?api-version=2020-09-30", token1,
                "{\"t\":21.5}", headers);

        assertThat(response.statusCode()).isEqualTo(204);
        TelemetryMessage message = readOne("dev1").message();
        assertThat(message.systemProperties())
                .containsEntry(SystemProperty.MESSAGE_ID, "m-1")
                .containsEntry(SystemProperty.CORRELATION_ID, "c-1")
                .containsEntry(SystemProperty.CONTENT_TYPE, "application/json")
                .containsEntry(SystemProperty.CONNECTION_DEVICE_ID, "dev1")
                .containsEntry(SystemProperty.CONNECTION_AUTH_METHOD, SystemProperty.SAS_DEVICE_AUTH_METHOD);
        assertThat(message.applicationProperties()).isEqualTo(Map.of("temperature", "21.5"));
        assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("{\"t\":21.5}");
    }

    @Test
    void postEvents_whenRefused_thenErrorAndNothingInTheLog() throws Exception {
        assertThat(send("POST", "/devices/dev1/messages/events", null, "x", Map.of()).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/devices/dev1/messages/events", token2, "x", Map.of()).statusCode())
                .as("another device's token").isEqualTo(401);
        assertThat(send("POST", "/devices/dev1/messages/events",
                SasTokens.sign(SasTokens.deviceResource("localhost", "dev1"), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                        Instant.now().plusSeconds(600), null), "x", Map.of()).statusCode()).as("wrong key").isEqualTo(401);
        HttpResponse<String> oversized = send("POST", "/devices/dev1/messages/events", token1,
                "x".repeat(256 * 1024 + 1), Map.of());
        assertThat(oversized.statusCode()).isEqualTo(413);
        assertThat(oversized.body()).contains("\"errorCode\":\"MessageTooLarge\"");
        HttpResponse<String> noName = send("POST", "/devices/dev1/messages/events", token1, "x", Map.of("iothub-app-", "v"));
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(send("POST", "/devices/dev1/messages/events", token1, "x",
                Map.of("iothub-to", "/devices/dev2/messages/events")).statusCode()).isEqualTo(400);

        assertThat(server.telemetryLog().partitionInfo(server.telemetryLog().partitionFor("dev1")).nextOffset()).isZero();
    }

    @Test
    void deviceBound_whenEmpty_then204() throws Exception {
        assertThat(send("GET", "/devices/dev1/messages/deviceBound?api-version=2020-09-30", token1, null, Map.of())
                .statusCode()).isEqualTo(204);
    }

    @Test
    void deviceBound_whenQueued_thenLockedMessageWithHeadersAndCompleteRemovesIt() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("color", "blue");
        server.c2dQueues().send("dev1", "gen", new C2dMessage("m1", "c1", null, "text/plain", null, AckMode.FULL, 0,
                properties, "hello".getBytes(StandardCharsets.UTF_8))).join();

        assertThat(send("GET", "/devices/dev1", rest.token("registryRead"), null, Map.of()).body())
                .as("the registry API shows the queue's depth").contains("\"cloudToDeviceMessageCount\":1")
                .contains("\"connectionState\":\"Disconnected\"");
        HttpResponse<String> received = send("GET", "/devices/dev1/messages/deviceBound", token1, null, Map.of());

        assertThat(received.statusCode()).isEqualTo(200);
        assertThat(received.body()).isEqualTo("hello");
        assertThat(received.headers().firstValue("content-type")).hasValue("text/plain");
        assertThat(received.headers().firstValue("iothub-messageid")).hasValue("m1");
        assertThat(received.headers().firstValue("iothub-correlationid")).hasValue("c1");
        assertThat(received.headers().firstValue("iothub-ack")).hasValue("full");
        assertThat(received.headers().firstValue("iothub-deliverycount")).hasValue("1");
        assertThat(received.headers().firstValue("iothub-sequencenumber")).hasValue("1");
        assertThat(received.headers().firstValue("iothub-app-color")).hasValue("blue");
        String etag = received.headers().firstValue("etag").orElseThrow();
        assertThat(etag).startsWith("\"").endsWith("\"");
        assertThat(send("GET", "/devices/dev1/messages/deviceBound", token1, null, Map.of()).statusCode())
                .as("locked").isEqualTo(204);
        assertThat(send("DELETE", "/devices/dev1/messages/deviceBound/" + etag.replace("\"", "%22"), token2, null, Map.of())
                .statusCode()).as("another device's token").isEqualTo(401);

        HttpResponse<String> completed = send("DELETE", "/devices/dev1/messages/deviceBound/" + etag.replace("\"", "%22"),
                token1, null, Map.of("If-Match", etag));

        assertThat(completed.statusCode()).isEqualTo(204);
        assertThat(server.c2dQueues().depth("dev1")).isZero();
        HttpResponse<String> again = send("DELETE", "/devices/dev1/messages/deviceBound/" + etag.replace("\"", ""), token1,
                null, Map.of());
        assertThat(again.statusCode()).isEqualTo(412);
        assertThat(again.body()).contains("DeviceMessageLockLost");
    }

    @Test
    void deviceBound_whenAbandoned_thenDeliveredAgainAndRejectEndsIt() throws Exception {
        server.c2dQueues().send("dev1", "gen", C2dMessage.of("m1", "again".getBytes(StandardCharsets.UTF_8))).join();
        String etag = unquoted(send("GET", "/devices/dev1/messages/devicebound",
                token1, null, Map.of()).headers().firstValue("etag").orElseThrow());

        assertThat(send("POST", "/devices/dev1/messages/devicebound/" + etag + "/abandon", token1, "\0", Map.of()).statusCode())
                .isEqualTo(204);

        HttpResponse<String> second = send("GET", "/devices/dev1/messages/devicebound", token1, null, Map.of());
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("iothub-deliverycount")).hasValue("2");
        String secondEtag = unquoted(second.headers().firstValue("etag").orElseThrow());
        // As the Azure device SDK for Java writes it, with two question marks.
        assertThat(send("DELETE", "/devices/dev1/messages/devicebound/" + secondEtag + "??reject=true&api-version=2020-09-30",
                token1, null, Map.of()).statusCode()).isEqualTo(204);
        HttpResponse<String> rejects = send("GET", "/messages/deviceBound/rejects?top=5", rest.token("service"), null,
                Map.of());
        assertThat(rejects.body()).as("counted as a reject, not a completion").contains("\"deviceId\":\"dev1\",\"rejected\":1");
        assertThat(server.c2dQueues().depth("dev1")).isZero();
        assertThat(send("GET", "/devices/dev1/messages/devicebound", token1, null, Map.of()).statusCode()).isEqualTo(204);
    }

    @Test
    void deviceBound_whenNoToken_then401() throws Exception {
        assertThat(send("GET", "/devices/dev1/messages/deviceBound", null, null, Map.of()).statusCode()).isEqualTo(401);
    }

    private String tokenFor(String deviceId) {
        String key = server.registry().create(DeviceSpec.of(deviceId)).join().authentication().symmetricKey().primaryKey();
        return SasTokens.sign(SasTokens.deviceResource("localhost", deviceId), key, Instant.now().plusSeconds(3600), null);
    }

    private LogRecord readOne(String deviceId) {
        TelemetryLog log = server.telemetryLog();
        try (LogReader reader = log.openReader(log.partitionFor(deviceId), StartPosition.earliest())) {
            List<LogRecord> records = reader.poll(10);
            assertThat(records).hasSize(1);
            return records.get(0);
        }
    }

    private HttpResponse<String> send(String method, String path, String token, String body, Map<String, String> headers)
            throws Exception {
        return rest.send(method, path, token, body, headers);
    }

    private static String unquoted(String etag) {
        return etag.replace("\"", "");
    }
}
