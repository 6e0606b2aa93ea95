package io.roost.server.c2d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roost.core.c2d.AckMode;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.C2dQueues;
import io.roost.core.c2d.QueuedC2dMessage;
import io.roost.core.error.RoostException;
import io.roost.core.testing.MutableClock;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ConfigLoader.RawFlag;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import io.roost.server.registry.RestClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service side of C2D over real HTTP(S) on an in-process server with a real SQLite queue
 * store. No device protocol delivers C2D yet, so the device's side is played through
 * {@link RoostServer#c2dQueues()}; the server's clock is moved by hand past feedback batching
 * (15 s) and locks (60 s).
 */
class C2dRestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> NONE = Map.of();
    /** Small, so the queue-full case needs only a few sends; also shows the key reaches the queues. */
    private static final int MAX_QUEUE_DEPTH = 3;
    private static final Duration BATCH_DELAY = Duration.ofSeconds(15);

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(System.currentTimeMillis());
    private RoostServer server;
    private RestClient rest;

    @BeforeEach
    void start() throws Exception {
        startServer();
        rest = RestClient.forListener(server, "http");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void startServer() throws Exception {
        server = new RoostServer(config(), dataDir, clock);
        server.start();
    }

    private static ServerConfig config() {
        return ConfigLoader.load(Optional.empty(), Map.of("ROOST_LISTENERS_MQTT_ENABLED", "false",
                        "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false", "ROOST_LISTENERS_HTTP_PORT", "0",
                        "ROOST_C2D_MAXQUEUEDEPTH", Integer.toString(MAX_QUEUE_DEPTH)),
                Map.of(ListenerName.HTTPS.portKey(), new RawFlag("--https-port", "0"),
                        ListenerName.HTTPS.bindAddressKey(), new RawFlag("--https-bind", "127.0.0.1")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http", "https"})
    void send_receive_complete_thenSuccessFeedbackOverRest(String listener) throws Exception {
        RestClient client = RestClient.forListener(server, listener);
        String generationId = createDevice("dev1");
        Instant expiry = clock.instant().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("iothub-messageid", "m-1");
        headers.put("iothub-correlationid", "c-1");
        headers.put("iothub-userid", "backend");
        headers.put("iothub-ack", "full");
        headers.put("iothub-expiry", expiry.toString());
        headers.put("Content-Type", "application/json");
        headers.put("Content-Encoding", "utf-8");
        headers.put("iothub-app-color", "blue");
        headers.put("iothub-app-Level", "3");

        HttpResponse<String> sent = client.send("POST", "/devices/dev1/messages/deviceBound?api-version=2021-04-12",
                client.token("service"), "{\"led\":\"on\"}", headers);

        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        JsonNode reply = JSON.readTree(sent.body());
        assertThat(reply.get("deviceId").asText()).isEqualTo("dev1");
        assertThat(reply.get("messageId").asText()).isEqualTo("m-1");
        assertThat(reply.get("sequenceNumber").asLong()).isEqualTo(1);
        assertThat(Instant.parse(reply.get("enqueuedTimeUtc").asText())).isEqualTo(clock.instant());
        assertThat(Instant.parse(reply.get("expiryTimeUtc").asText())).isEqualTo(expiry);

        QueuedC2dMessage delivered = queues().receive("dev1").join().orElseThrow();
        assertThat(delivered.deviceGenerationId()).isEqualTo(generationId);
        assertThat(delivered.message().messageId()).isEqualTo("m-1");
        assertThat(delivered.message().correlationId()).isEqualTo("c-1");
        assertThat(delivered.message().userId()).isEqualTo("backend");
        assertThat(delivered.message().ack()).isEqualTo(AckMode.FULL);
        assertThat(delivered.message().contentType()).isEqualTo("application/json");
        assertThat(delivered.message().contentEncoding()).isEqualTo("utf-8");
        assertThat(delivered.message().applicationProperties()).containsExactly(Map.entry("color", "blue"), Map.entry("Level", "3"));
        assertThat(new String(delivered.message().body(), StandardCharsets.UTF_8)).isEqualTo("{\"led\":\"on\"}");
        queues().complete("dev1", delivered.lockToken()).join();

        assertThat(client.send("GET", "/messages/serviceBound/feedback", client.token("service"), null, NONE).statusCode())
                .as("the record waits up to 15 s for others").isEqualTo(204);
        clock.advance(BATCH_DELAY);
        HttpResponse<String> feedback = client.send("GET", "/messages/serviceBound/feedback?api-version=2021-04-12",
                client.token("service"), null, NONE);

        assertThat(feedback.statusCode()).isEqualTo(200);
        assertThat(feedback.headers().firstValue("content-type")).hasValue("application/vnd.microsoft.iothub.feedback.json");
        String etag = feedback.headers().firstValue("etag").orElseThrow();
        assertThat(etag).startsWith("\"").endsWith("\"");
        assertThat(Instant.parse(feedback.headers().firstValue("iothub-enqueuedtime").orElseThrow())).isEqualTo(clock.instant());
        JsonNode record = JSON.readTree(feedback.body()).get(0);
        assertThat(JSON.readTree(feedback.body())).hasSize(1);
        assertThat(record.get("originalMessageId").asText()).isEqualTo("m-1");
        assertThat(record.get("statusCode").asText()).isEqualTo("Success");
        assertThat(record.get("description").asText()).isEqualTo("Success");
        assertThat(record.get("deviceId").asText()).isEqualTo("dev1");
        assertThat(record.get("deviceGenerationId").asText()).isEqualTo(generationId);
        assertThat(Instant.parse(record.get("enqueuedTimeUtc").asText())).isEqualTo(clock.instant().minus(BATCH_DELAY));

        HttpResponse<String> completed = client.send("DELETE", "/messages/serviceBound/feedback/" + bare(etag)
                + "?api-version=2021-04-12", client.token("service"), null, NONE);
        assertThat(completed.statusCode()).isEqualTo(204);
        assertThat(client.send("GET", "/messages/serviceBound/feedback", client.token("service"), null, NONE).statusCode())
                .isEqualTo(204);
    }

    @Test
    void send_withoutMessageId_thenOneIsGivenAndTheDefaultTtlApplies() throws Exception {
        createDevice("dev1");

        JsonNode reply = JSON.readTree(sendOk("dev1", "hello", Map.of()).body());

        assertThat(reply.get("messageId").asText()).hasSize(36);
        assertThat(Instant.parse(reply.get("expiryTimeUtc").asText())).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(queues().receive("dev1").join().orElseThrow().message().messageId()).isEqualTo(reply.get("messageId").asText());
    }

    @Test
    void send_whenHeadersInvalid_then400ArgumentInvalid() throws Exception {
        createDevice("dev1");

        assertError(send("dev1", "x", Map.of("iothub-ack", "always")), 400, "ArgumentInvalid");
        assertError(send("dev1", "x", Map.of("iothub-expiry", "tomorrow")), 400, "ArgumentInvalid");
        assertError(send("dev1", "x", Map.of("iothub-messageid", "m".repeat(129))), 400, "ArgumentInvalid");
        HttpResponse<String> past = send("dev1", "x", Map.of("iothub-expiry", clock.instant().minusSeconds(1).toString()));
        assertThat(past.statusCode()).as(past.body()).isEqualTo(400);
        assertThat(queues().depth("dev1")).isZero();
    }

    @Test
    void ackNone_thenNoFeedback() throws Exception {
        createDevice("dev1");
        sendOk("dev1", "quiet", Map.of("iothub-ack", "none"));
        sendOk("dev1", "only failures", Map.of("iothub-ack", "negative"));
        complete("dev1");
        complete("dev1");

        clock.advance(BATCH_DELAY);

        assertThat(rest.send("GET", "/messages/serviceBound/feedback", rest.token("service"), null, NONE).statusCode())
                .isEqualTo(204);
    }

    @Test
    void purge_thenCountedAndPurgedFeedbackForNegativeAndFull() throws Exception {
        createDevice("dev1");
        sendOk("dev1", "a", Map.of("iothub-messageid", "neg", "iothub-ack", "negative"));
        sendOk("dev1", "b", Map.of("iothub-messageid", "full", "iothub-ack", "full"));
        sendOk("dev1", "c", Map.of("iothub-messageid", "pos", "iothub-ack", "positive"));
        queues().receive("dev1").join().orElseThrow();

        HttpResponse<String> purged = rest.send("DELETE", "/devices/dev1/commands?api-version=2021-04-12",
                rest.token("service"), null, NONE);

        assertThat(purged.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(purged.body())).isEqualTo(JSON.readTree("{\"deviceId\":\"dev1\",\"totalMessagesPurged\":3}"));
        assertThat(queues().depth("dev1")).isZero();
        clock.advance(BATCH_DELAY);
        List<JsonNode> records = receiveAndCompleteFeedback();
        assertThat(records).extracting(r -> r.get("originalMessageId").asText()).containsExactly("neg", "full");
        assertThat(records).extracting(r -> r.get("statusCode").asText()).containsOnly("Purged");
        assertThat(records).extracting(r -> r.get("description").asText()).containsOnly("Message purged");

        HttpResponse<String> empty = rest.send("DELETE", "/devices/dev1/commands", rest.token("service"), null, NONE);
        assertThat(JSON.readTree(empty.body()).get("totalMessagesPurged").asInt()).isZero();
        assertError(rest.send("DELETE", "/devices/nobody/commands", rest.token("service"), null, NONE), 404, "DeviceNotFound");
    }

    @Test
    void send_whenQueueFull_then403DeviceMaximumQueueDepthExceeded() throws Exception {
        createDevice("dev1");
        for (int i = 0; i < MAX_QUEUE_DEPTH; i++) {
            sendOk("dev1", "m" + i, Map.of());
        }

        assertError(send("dev1", "one too many", Map.of()), 403, C2dQueues.QUEUE_FULL);
        assertThat(queues().depth("dev1")).isEqualTo(MAX_QUEUE_DEPTH);
    }

    @Test
    void send_whenBodyOver64KiB_then413BeforeItIsRead() throws Exception {
        createDevice("dev1");

        assertError(send("dev1", "x".repeat(64 * 1024 + 1), Map.of()), 413, "MessageTooLarge");
        assertThat(sendOk("dev1", "x".repeat(64 * 1024), Map.of()).statusCode()).isEqualTo(201);
        assertThat(queues().depth("dev1")).isEqualTo(1);
    }

    @Test
    void send_whenDeviceUnknown_then404DeviceNotFound() throws Exception {
        assertError(send("nobody", "x", Map.of()), 404, "DeviceNotFound");
        assertError(send("bad id", "x", Map.of()), 400, "ArgumentInvalid");
    }

    @Test
    void everyRoute_needsAServiceConnectToken() throws Exception {
        createDevice("dev1");
        List<String[]> routes = List.of(
                new String[] {"POST", "/devices/dev1/messages/deviceBound"},
                new String[] {"DELETE", "/devices/dev1/commands"},
                new String[] {"GET", "/messages/serviceBound/feedback"},
                new String[] {"DELETE", "/messages/serviceBound/feedback/token"},
                new String[] {"POST", "/messages/serviceBound/feedback/token/abandon"},
                new String[] {"GET", "/messages/deviceBound/rejects"});
        for (String[] route : routes) {
            assertError(rest.send(route[0], route[1], null, "x", NONE), 401, "Unauthorized");
            assertError(rest.send(route[0], route[1], rest.token("registryRead"), "x", NONE), 403, "Forbidden");
            assertError(rest.send(route[0], route[1], rest.expiredToken("service"), "x", NONE), 401, "Unauthorized");
        }
        assertThat(queues().depth("dev1")).isZero();
        assertThat(sendOk("dev1", "owner may", Map.of()).statusCode()).isEqualTo(201);
    }

    @Test
    void feedback_whenAbandoned_thenRedeliveredUnderANewLock() throws Exception {
        createDevice("dev1");
        sendOk("dev1", "a", Map.of("iothub-messageid", "m1", "iothub-ack", "positive"));
        complete("dev1");
        clock.advance(BATCH_DELAY);
        HttpResponse<String> first = rest.send("GET", "/messages/serviceBound/feedback", rest.token("service"), null, NONE);
        String firstEtag = first.headers().firstValue("etag").orElseThrow();
        assertThat(first.headers().firstValue("iothub-deliverycount")).hasValue("1");
        assertThat(rest.send("GET", "/messages/serviceBound/feedback", rest.token("service"), null, NONE).statusCode())
                .as("the only batch is locked").isEqualTo(204);

        HttpResponse<String> abandoned = rest.send("POST", "/messages/serviceBound/feedback/" + urlQuoted(firstEtag)
                + "/abandon?api-version=2021-04-12", rest.token("service"), null, NONE);

        assertThat(abandoned.statusCode()).isEqualTo(204);
        HttpResponse<String> again = rest.send("GET", "/messages/serviceBound/feedback", rest.token("service"), null, NONE);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("iothub-deliverycount")).hasValue("2");
        String secondEtag = again.headers().firstValue("etag").orElseThrow();
        assertThat(secondEtag).isNotEqualTo(firstEtag);
        assertError(rest.send("DELETE", "/messages/serviceBound/feedback/" + bare(firstEtag), rest.token("service"), null, NONE),
                412, C2dQueues.LOCK_LOST);
        assertThat(rest.send("DELETE", "/messages/serviceBound/feedback/" + urlQuoted(secondEtag), rest.token("service"), null,
                NONE).statusCode()).as("the ETag as given, quotes and all").isEqualTo(204);
    }

    @Test
    void feedback_whenTokenLocksNothing_then412DeviceMessageLockLost() throws Exception {
        assertError(rest.send("DELETE", "/messages/serviceBound/feedback/bogus", rest.token("service"), null, NONE),
                412, C2dQueues.LOCK_LOST);
        assertError(rest.send("POST", "/messages/serviceBound/feedback/bogus/abandon", rest.token("service"), null, NONE),
                412, C2dQueues.LOCK_LOST);
    }

    @Test
    void deleteDevice_thenItsQueueIsPurgedAndARecreatedDeviceStartsEmpty() throws Exception {
        String oldGeneration = createDevice("dev1");
        sendOk("dev1", "old 1", Map.of("iothub-messageid", "old-1", "iothub-ack", "full"));
        sendOk("dev1", "old 2", Map.of("iothub-messageid", "old-2"));

        assertThat(rest.owner("DELETE", "/devices/dev1", null).statusCode()).isEqualTo(204);
        // A send that looked the old device up just before the delete reaches the queues after it.
        assertThatThrownBy(() -> queues().send("dev1", oldGeneration, C2dMessage.of("late", new byte[1])).join())
                .hasCauseInstanceOf(RoostException.class).hasMessageContaining("was deleted");
        String newGeneration = createDevice("dev1");
        sendOk("dev1", "new", Map.of("iothub-messageid", "new-1"));

        QueuedC2dMessage first = queues().receive("dev1").join().orElseThrow();
        assertThat(first.message().messageId()).isEqualTo("new-1");
        assertThat(first.deviceGenerationId()).isEqualTo(newGeneration).isNotEqualTo(oldGeneration);
        assertThat(queues().depth("dev1")).isEqualTo(1);
        clock.advance(BATCH_DELAY);
        List<JsonNode> records = receiveAndCompleteFeedback();
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.get("originalMessageId").asText()).isEqualTo("old-1");
            assertThat(record.get("statusCode").asText()).isEqualTo("Purged");
            assertThat(record.get("deviceGenerationId").asText()).isEqualTo(oldGeneration);
        });
    }

    @Test
    void restart_keepsQueuedMessagesAndTheirOrder() throws Exception {
        createDevice("dev1");
        sendOk("dev1", "first", Map.of("iothub-messageid", "m1"));
        sendOk("dev1", "second", Map.of("iothub-messageid", "m2"));

        server.close();
        startServer();
        rest = RestClient.forListener(server, "http");

        assertThat(queues().depth("dev1")).isEqualTo(2);
        assertThat(queues().receive("dev1").join().orElseThrow().message().messageId()).isEqualTo("m1");
        JsonNode third = JSON.readTree(sendOk("dev1", "third", Map.of()).body());
        assertThat(third.get("sequenceNumber").asLong()).isEqualTo(3);
    }

    @Test
    void rejects_listsTheDevicesThatRejectMostAndForgetsDeletedOnes() throws Exception {
        createDevice("dev1");
        createDevice("dev2");
        sendOk("dev1", "a", Map.of());
        sendOk("dev1", "b", Map.of());
        sendOk("dev2", "c", Map.of());
        for (String deviceId : List.of("dev1", "dev1", "dev2")) {
            QueuedC2dMessage message = queues().receive(deviceId).join().orElseThrow();
            queues().reject(deviceId, message.lockToken()).join();
        }

        HttpResponse<String> top = rest.send("GET", "/messages/deviceBound/rejects?top=1&api-version=2021-04-12",
                rest.token("service"), null, NONE);

        assertThat(top.statusCode()).isEqualTo(200);
        JsonNode devices = JSON.readTree(top.body());
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0).get("deviceId").asText()).isEqualTo("dev1");
        assertThat(devices.get(0).get("rejected").asLong()).isEqualTo(2);
        assertThat(Instant.parse(devices.get(0).get("lastRejectedTimeUtc").asText())).isEqualTo(clock.instant());
        assertError(rest.send("GET", "/messages/deviceBound/rejects?top=0", rest.token("service"), null, NONE),
                400, "ArgumentInvalid");

        assertThat(rest.owner("DELETE", "/devices/dev1", null).statusCode()).isEqualTo(204);
        JsonNode remaining = JSON.readTree(rest.send("GET", "/messages/deviceBound/rejects", rest.token("service"), null,
                NONE).body());
        assertThat(remaining.findValuesAsText("deviceId")).containsExactly("dev2");
    }

    @Test
    void metrics_countOutcomesAndTheQueuedTotal() throws Exception {
        createDevice("dev1");
        sendOk("dev1", "a", Map.of());
        sendOk("dev1", "b", Map.of());
        complete("dev1");

        String scrape = rest.send("GET", "/metrics", null, null, NONE).body();

        assertThat(scrape).contains("roost_c2d_messages_total{outcome=\"sent\"} 2.0")
                .contains("roost_c2d_messages_total{outcome=\"delivered\"} 1.0")
                .contains("roost_c2d_messages_total{outcome=\"completed\"} 1.0")
                .contains("roost_c2d_messages_total{outcome=\"deadlettered\"} 0.0")
                .contains("roost_c2d_queued_messages 1.0");
    }

    /** Creates the device with the owner policy and returns its generation id. */
    private String createDevice(String deviceId) throws Exception {
        HttpResponse<String> created = rest.owner("PUT", "/devices/" + deviceId, "{\"deviceId\":\"" + deviceId + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return JSON.readTree(created.body()).get("generationId").asText();
    }

    private HttpResponse<String> send(String deviceId, String body, Map<String, String> headers) throws Exception {
        return rest.send("POST", "/devices/" + deviceId.replace(" ", "%20") + "/messages/deviceBound",
                rest.token("service"), body, new HashMap<>(headers));
    }

    private HttpResponse<String> sendOk(String deviceId, String body, Map<String, String> headers) throws Exception {
        HttpResponse<String> sent = send(deviceId, body, headers);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        return sent;
    }

    /** Plays the device: receives the next message and completes it. */
    private void complete(String deviceId) {
        QueuedC2dMessage message = queues().receive(deviceId).join().orElseThrow();
        queues().complete(deviceId, message.lockToken()).join();
    }

    /** Every batch available now, each completed after it is read. */
    private List<JsonNode> receiveAndCompleteFeedback() throws Exception {
        List<JsonNode> records = new ArrayList<>();
        while (true) {
            HttpResponse<String> batch = rest.send("GET", "/messages/serviceBound/feedback", rest.token("service"), null, NONE);
            if (batch.statusCode() == 204) {
                return records;
            }
            assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
            JSON.readTree(batch.body()).forEach(records::add);
            String etag = batch.headers().firstValue("etag").orElseThrow();
            assertThat(rest.send("DELETE", "/messages/serviceBound/feedback/" + bare(etag), rest.token("service"), null, NONE)
                    .statusCode()).isEqualTo(204);
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String errorCode) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("errorCode").asText()).isEqualTo(errorCode);
        assertThat(body.get("message").asText()).isNotBlank();
    }

    private C2dQueues queues() {
        return server.c2dQueues();
    }

    private static String bare(String etag) {
        return etag.replace("\"", "");
    }

    private static String urlQuoted(String etag) {
        return etag.replace("\"", "%22");
    }
}
