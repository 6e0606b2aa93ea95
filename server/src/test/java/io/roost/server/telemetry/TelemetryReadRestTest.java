package io.roost.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roost.core.log.AppendedRecord;
import io.roost.core.log.TelemetryLog;
import io.roost.core.message.SystemProperty;
import io.roost.core.message.TelemetryMessage;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ConfigLoader.RawFlag;
import io.roost.server.config.ListenerName;
import io.roost.server.lifecycle.RoostServer;
import io.roost.server.listener.BoundListener;
import io.roost.server.registry.RestClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /messages/events} and {@code /messages/events/partitions} of an in-process server over real HTTP. */
class TelemetryReadRestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> NONE = Map.of();

    @TempDir
    Path dataDir;

    private RoostServer server;
    private RestClient rest;
    private TelemetryLog log;

    @BeforeEach
    void start() throws Exception {
        server = new RoostServer(ConfigLoader.load(Optional.empty(), Map.of("ROOST_LISTENERS_HTTP_PORT", "0", "ROOST_LISTENERS_MQTT_ENABLED", "false",
                        "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false"),
                Map.of(ListenerName.HTTPS.portKey(), new RawFlag("--https-port", "0"),
                        ListenerName.HTTPS.bindAddressKey(), new RawFlag("--https-bind", "127.0.0.1"))), dataDir);
        server.start();
        BoundListener http = server.listeners().stream().filter(l -> l.name().key().equals("http")).findFirst().orElseThrow();
        rest = new RestClient(http.url(), null, dataDir, "localhost");
        log = server.telemetryLog();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void consumerGroups_createListDeleteWithTheirErrors() throws Exception {
        String owner = rest.token("iothubowner");
        assertThat(rest.send("PUT", "/consumerGroups/analytics", owner, null, NONE).statusCode()).isEqualTo(201);
        assertThat(rest.send("PUT", "/consumerGroups/analytics", owner, null, NONE).statusCode()).isEqualTo(200);
        assertThat(ok(rest.send("GET", "/consumerGroups", rest.token("service"), null, NONE)).findValuesAsText("name"))
                .containsExactly("$Default", "analytics");
        assertThat(log.consumerGroups().groups()).contains("analytics");

        assertThat(rest.send("PUT", "/consumerGroups/a%2Fb", owner, null, NONE).statusCode()).isEqualTo(400);
        assertThat(rest.send("PUT", "/consumerGroups/other", rest.token("service"), null, NONE).statusCode())
                .as("ServiceConnect reads groups; changing them needs RegistryWrite").isEqualTo(403);
        assertThat(rest.send("DELETE", "/consumerGroups/$Default", owner, null, NONE).statusCode()).isEqualTo(400);
        assertThat(rest.send("DELETE", "/consumerGroups/analytics", owner, null, NONE).statusCode()).isEqualTo(204);
        assertThat(rest.send("DELETE", "/consumerGroups/analytics", owner, null, NONE).statusCode()).isEqualTo(404);
        assertThat(log.consumerGroups().groups()).containsExactly("$Default");
    }

    @Test
    void read_returnsMessagesWithPropertiesAndBodies() throws Exception {
        Map<String, String> system = new LinkedHashMap<>();
        system.put(SystemProperty.MESSAGE_ID, "m-1");
        system.put(SystemProperty.CONNECTION_DEVICE_ID, "dev1");
        AppendedRecord text = log.append(new TelemetryMessage("dev1", system, Map.of("temp", "21.5", "ünï", "a&b"),
                "{\"t\":21.5} ✓".getBytes(StandardCharsets.UTF_8))).join();
        AppendedRecord binary = log.append(TelemetryMessage.of("dev1", new byte[] {(byte) 0xff, 0, (byte) 0xc3})).join();

        JsonNode page = ok(rest.send("GET", "/messages/events?partition=" + text.partition(), rest.token("service"), null, NONE));

        assertThat(page.get("partition").asInt()).isEqualTo(text.partition());
        assertThat(page.get("nextSequence").asLong()).isEqualTo(binary.offset() + 1);
        JsonNode first = page.get("messages").get(0);
        assertThat(first.get("sequenceNumber").asLong()).isEqualTo(text.offset());
        assertThat(first.get("offset").asText()).isEqualTo(Long.toString(text.offset()));
        assertThat(Instant.parse(first.get("enqueuedTime").asText()).toEpochMilli()).isEqualTo(text.enqueuedTimeMillis());
        assertThat(first.get("deviceId").asText()).isEqualTo("dev1");
        assertThat(first.get("systemProperties").get("message-id").asText()).isEqualTo("m-1");
        assertThat(first.get("systemProperties").get("iothub-connection-device-id").asText()).isEqualTo("dev1");
        assertThat(first.get("properties").get("ünï").asText()).isEqualTo("a&b");
        assertThat(first.get("body").asText()).isEqualTo("{\"t\":21.5} ✓");
        assertThat(first.get("bodyEncoding").asText()).isEqualTo("utf-8");
        JsonNode second = page.get("messages").get(1);
        assertThat(second.get("bodyEncoding").asText()).isEqualTo("base64");
        assertThat(second.get("body").asText()).isEqualTo("/wDD");
    }

    @Test
    void read_fromSequenceFromTimeAndMax() throws Exception {
        int partition = log.partitionFor("dev1");
        List<AppendedRecord> appended = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            appended.add(log.append(TelemetryMessage.of("dev1", ("m" + i).getBytes(StandardCharsets.UTF_8))).join());
        }
        String base = "/messages/events?partition=" + partition;

        JsonNode fromTwo = ok(service(base + "&fromSequence=" + appended.get(2).offset() + "&max=2"));
        assertThat(bodies(fromTwo)).containsExactly("m2", "m3");
        assertThat(fromTwo.get("nextSequence").asLong()).isEqualTo(appended.get(4).offset());

        JsonNode rest = ok(service(base + "&fromSequence=" + fromTwo.get("nextSequence").asLong()));
        assertThat(bodies(rest)).containsExactly("m4");

        long lastTime = appended.get(4).enqueuedTimeMillis();
        assertThat(bodies(ok(service(base + "&fromTime=" + lastTime)))).endsWith("m4");
        assertThat(bodies(ok(service(base + "&fromTime=" + Instant.ofEpochMilli(lastTime))))).endsWith("m4");
        assertThat(bodies(ok(service(base + "&fromTime=" + Instant.ofEpochMilli(lastTime + 60_000))))).isEmpty();

        JsonNode caughtUp = ok(service(base + "&fromSequence=" + (appended.get(4).offset() + 1)));
        assertThat(caughtUp.get("messages")).isEmpty();
        assertThat(caughtUp.get("nextSequence").asLong()).isEqualTo(appended.get(4).offset() + 1);

        JsonNode partitions = ok(service("/messages/events/partitions"));
        assertThat(partitions).hasSize(log.partitionCount());
        JsonNode mine = partitions.get(partition);
        assertThat(mine.get("earliestSequence").asLong()).isZero();
        assertThat(mine.get("nextSequence").asLong()).isEqualTo(5);
        assertThat(Instant.parse(mine.get("lastEnqueuedTime").asText()).toEpochMilli()).isEqualTo(lastTime);
    }

    @Test
    void longPoll_answersWhenARecordArrives() throws Exception {
        int partition = log.partitionFor("waiter");
        CompletableFuture<HttpResponse<String>> polling = CompletableFuture.supplyAsync(() -> {
            try {
                return service("/messages/events?partition=" + partition + "&timeout=30");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !polling.isDone());

        log.append(TelemetryMessage.of("waiter", "hello".getBytes(StandardCharsets.UTF_8))).join();

        JsonNode page = ok(polling.get(10, TimeUnit.SECONDS));
        assertThat(bodies(page)).containsExactly("hello");
        assertThat(page.get("nextSequence").asLong()).isEqualTo(1);
    }

    @Test
    void longPoll_whenNothingArrives_thenEmptyPageAfterTheTimeout() throws Exception {
        long started = System.nanoTime();

        JsonNode page = ok(service("/messages/events?partition=0&timeout=1"));

        assertThat(page.get("messages")).isEmpty();
        assertThat(page.get("nextSequence").asLong()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void authorization_andBadParameters() throws Exception {
        String path = "/messages/events?partition=0";
        assertError(rest.send("GET", path, null, null, NONE), 401, "Unauthorized");
        assertError(rest.send("GET", path, rest.forgedToken("iothubowner"), null, NONE), 401, "Unauthorized");
        assertError(rest.send("GET", path, rest.token("registryRead"), null, NONE), 403, "Forbidden");
        assertError(rest.send("GET", "/messages/events/partitions", rest.token("device"), null, NONE), 403, "Forbidden");
        assertThat(rest.owner("GET", path, null).statusCode()).isEqualTo(200);

        assertError(service("/messages/events"), 400, "ArgumentInvalid");
        assertError(service("/messages/events?partition=" + log.partitionCount()), 400, "ArgumentInvalid");
        assertError(service("/messages/events?partition=x"), 400, "ArgumentInvalid");
        assertError(service(path + "&fromSequence=-1"), 400, "ArgumentInvalid");
        assertError(service(path + "&fromSequence=1&fromTime=0"), 400, "ArgumentInvalid");
        assertError(service(path + "&fromTime=yesterday"), 400, "ArgumentInvalid");
        assertError(service(path + "&max=0"), 400, "ArgumentInvalid");
        assertError(service(path + "&max=1001"), 400, "ArgumentInvalid");
        assertError(service(path + "&timeout=61"), 400, "ArgumentInvalid");
        assertError(service(path + "&fromSequence=5"), 416, "OutOfRange");
    }

    private HttpResponse<String> service(String path) throws Exception {
        return rest.send("GET", path, rest.token("service"), null, NONE);
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private static List<String> bodies(JsonNode page) {
        return page.get("messages").findValuesAsText("body");
    }

    private static void assertError(HttpResponse<String> response, int status, String errorCode) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("errorCode").asText()).isEqualTo(errorCode);
        assertThat(body.get("message").asText()).isNotBlank();
    }
}
