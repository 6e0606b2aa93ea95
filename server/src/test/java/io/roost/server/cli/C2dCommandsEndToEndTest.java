package io.roost.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roost.core.c2d.AckMode;
import io.roost.core.c2d.C2dQueues;
import io.roost.core.c2d.QueuedC2dMessage;
import io.roost.core.testing.MutableClock;
import io.roost.registry.device.DeviceSpec;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code roost c2d send}, {@code roost c2d purge} and {@code roost feedback} against an in-process
 * server found through {@code endpoints.json}; the device's side is played through the server's
 * queues, and the server's clock is moved past feedback batching.
 */
class C2dCommandsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_QUEUE_DEPTH = 2;
    private static final ServerConfig EPHEMERAL_HTTP = HttpOnlyServer.config(Map.of("ROOST_C2D_MAXQUEUEDEPTH", Integer.toString(MAX_QUEUE_DEPTH)));

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(System.currentTimeMillis());
    private RoostServer server;

    @BeforeEach
    void start() throws Exception {
        server = new RoostServer(EPHEMERAL_HTTP, dataDir, clock);
        server.start();
        server.registry().create(DeviceSpec.of("dev1")).join();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String[] withDataDir(String... args) {
        return HttpOnlyServer.withDataDir(dataDir, args);
    }

    private CliRun roost(String... args) {
        return CliRun.of(clock, withDataDir(args));
    }

    @Test
    void send_thenFeedback_printsTheRecordAndCompletesTheBatch() throws Exception {
        CliRun sent = roost("c2d", "send", "dev1", "{\"led\":\"on\"}", "--ack", "full", "--prop", "color=blue",
                "--prop", "n=1", "--message-id", "m-1", "--ttl", "10m");

        assertThat(sent.exitCode()).as(sent.err()).isZero();
        assertThat(sent.err()).isEmpty();
        JsonNode reply = JSON.readTree(sent.line());
        assertThat(reply.get("deviceId").asText()).isEqualTo("dev1");
        assertThat(reply.get("messageId").asText()).isEqualTo("m-1");
        assertThat(reply.get("sequenceNumber").asLong()).isEqualTo(1);
        assertThat(Instant.parse(reply.get("expiryTimeUtc").asText())).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        QueuedC2dMessage message = queues().receive("dev1").join().orElseThrow();
        assertThat(message.message().ack()).isEqualTo(AckMode.FULL);
        assertThat(message.message().applicationProperties()).containsExactly(Map.entry("color", "blue"), Map.entry("n", "1"));
        assertThat(new String(message.message().body(), StandardCharsets.UTF_8)).isEqualTo("{\"led\":\"on\"}");
        queues().complete("dev1", message.lockToken()).join();

        CliRun tooEarly = roost("feedback");
        assertThat(tooEarly.exitCode()).isZero();
        assertThat(tooEarly.out()).as("not batched before 15 s").isEmpty();

        clock.advance(Duration.ofSeconds(15));
        CliRun feedback = roost("feedback");

        assertThat(feedback.exitCode()).as(feedback.err()).isZero();
        JsonNode record = JSON.readTree(feedback.line());
        assertThat(record.get("originalMessageId").asText()).isEqualTo("m-1");
        assertThat(record.get("statusCode").asText()).isEqualTo("Success");
        assertThat(record.get("deviceId").asText()).isEqualTo("dev1");
        assertThat(roost("feedback").out()).as("completed: not printed twice").isEmpty();
    }

    @Test
    void purge_printsHowManyAndGivesPurgedFeedback() throws Exception {
        assertThat(roost("c2d", "send", "dev1", "one", "--ack", "negative", "--message-id", "p1").exitCode()).isZero();
        assertThat(roost("c2d", "send", "dev1", "two").exitCode()).isZero();

        CliRun purged = roost("c2d", "purge", "dev1");

        assertThat(purged.exitCode()).as(purged.err()).isZero();
        assertThat(JSON.readTree(purged.line())).isEqualTo(JSON.readTree("{\"deviceId\":\"dev1\",\"totalMessagesPurged\":2}"));
        assertThat(queues().depth("dev1")).isZero();
        clock.advance(Duration.ofSeconds(15));
        assertThat(lines(roost("feedback").out())).singleElement().satisfies(record -> {
            assertThat(record.get("originalMessageId").asText()).isEqualTo("p1");
            assertThat(record.get("statusCode").asText()).isEqualTo("Purged");
        });
    }

    @Test
    void failures_oneLineWithExitCodes() {
        CliRun unknown = roost("c2d", "send", "nobody", "x");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("roost: device nobody not found" + System.lineSeparator());

        CliRun badAck = roost("c2d", "send", "dev1", "x", "--ack", "sometimes");
        assertThat(badAck.exitCode()).isEqualTo(2);
        assertThat(badAck.err()).startsWith("roost: --ack must be none, positive, negative or full").hasLineCount(1);

        assertThat(roost("c2d", "send", "dev1", "x", "--prop", "bad key=1").exitCode()).isEqualTo(2);
        assertThat(roost("c2d", "send", "dev1", "x", "--prop", "k=caf\u00e9").exitCode()).isEqualTo(2);
        assertThat(roost("c2d", "send", "dev1", "x", "--ttl", "soon").exitCode()).isEqualTo(2);
        assertThat(roost("c2d", "purge", "nobody").err()).isEqualTo("roost: device nobody not found" + System.lineSeparator());
        assertThat(queues().depth("dev1")).isZero();

        for (int i = 0; i < MAX_QUEUE_DEPTH; i++) {
            assertThat(roost("c2d", "send", "dev1", "m" + i).exitCode()).isZero();
        }
        CliRun full = roost("c2d", "send", "dev1", "one too many");
        assertThat(full.exitCode()).isEqualTo(1);
        assertThat(full.err()).startsWith("roost: the queue of device dev1 is full (403: ").hasLineCount(1);

        CliRun group = CliRun.of(clock, "c2d");
        assertThat(group.exitCode()).isEqualTo(2);
        assertThat(group.err()).contains("send", "purge");
    }

    @Test
    void feedbackFollow_printsRecordsAsTheyComeUntilInterrupted() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = RoostCli.commandLine(Map.of(), clock);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread follow = new Thread(() -> exitCode.set(cli.execute(withDataDir("feedback", "--follow"))));
        follow.start();
        try {
            for (String messageId : List.of("f1", "f2")) {
                assertThat(roost("c2d", "send", "dev1", "x", "--ack", "positive", "--message-id", messageId).exitCode()).isZero();
                QueuedC2dMessage message = queues().receive("dev1").join().orElseThrow();
                queues().complete("dev1", message.lockToken()).join();
                clock.advance(Duration.ofSeconds(15));
                await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("\"" + messageId + "\""));
            }
            assertThat(lines(out.toString())).extracting(record -> record.get("originalMessageId").asText())
                    .containsExactly("f1", "f2");
        } finally {
            follow.interrupt();
            follow.join(10_000);
        }
        assertThat(follow.isAlive()).isFalse();
        assertThat(exitCode.get()).as(err.toString()).isZero();
    }

    private C2dQueues queues() {
        return server.c2dQueues();
    }

    private static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }
}
