package io.roost.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roost.core.log.AppendedRecord;
import io.roost.core.log.TelemetryLog;
import io.roost.core.message.TelemetryMessage;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code roost messages tail} against an in-process server found through {@code endpoints.json}. */
class MessagesTailEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServerConfig EPHEMERAL_HTTP = HttpOnlyServer.config();

    @TempDir
    Path dataDir;

    private RoostServer server;
    private TelemetryLog log;

    @BeforeEach
    void start() throws Exception {
        server = new RoostServer(EPHEMERAL_HTTP, dataDir);
        server.start();
        log = server.telemetryLog();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String[] withDataDir(String... args) {
        return HttpOnlyServer.withDataDir(dataDir, args);
    }

    private AppendedRecord send(String deviceId, String body) {
        return log.append(TelemetryMessage.of(deviceId, body.getBytes(StandardCharsets.UTF_8))).join();
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

    private static List<String> bodies(String out) throws Exception {
        return lines(out).stream().map(n -> n.get("body").asText()).toList();
    }

    @Test
    void tail_printsEveryExistingMessageOfEveryPartitionAsJsonLinesAndExits() throws Exception {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            send("dev" + (i % 5), "m" + i);
            sent.add("m" + i);
        }

        CliRun run = CliRun.of(withDataDir("messages", "tail"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(bodies(run.out())).containsExactlyInAnyOrderElementsOf(sent);
        JsonNode first = lines(run.out()).get(0);
        assertThat(first.get("deviceId").asText()).startsWith("dev");
        assertThat(first.has("sequenceNumber")).isTrue();
        assertThat(first.has("enqueuedTime")).isTrue();
        assertThat(first.get("bodyEncoding").asText()).isEqualTo("utf-8");
    }

    @Test
    void tail_fromSequenceAndMaxOfOnePartition() throws Exception {
        int partition = log.partitionFor("dev1");
        for (int i = 0; i < 5; i++) {
            send("dev1", "m" + i);
        }

        CliRun fromTwo = CliRun.of(withDataDir("messages", "tail", "--partition", Integer.toString(partition),
                "--from-sequence", "2"));
        assertThat(bodies(fromTwo.out())).containsExactly("m2", "m3", "m4");

        CliRun max = CliRun.of(withDataDir("messages", "tail", "--partition", Integer.toString(partition), "--max", "2"));
        assertThat(bodies(max.out())).containsExactly("m0", "m1");

        CliRun fromTime = CliRun.of(withDataDir("messages", "tail", "--partition", Integer.toString(partition),
                "--from-time", "2000-01-01T00:00:00Z"));
        assertThat(bodies(fromTime.out())).hasSize(5);
    }

    @Test
    void tail_usageErrors() {
        assertThat(CliRun.of(withDataDir("messages", "tail", "--from-sequence", "1")).exitCode()).isEqualTo(2);
        assertThat(CliRun.of(withDataDir("messages", "tail", "--from-start", "--from-sequence", "1", "--partition", "0"))
                .exitCode()).isEqualTo(2);
        assertThat(CliRun.of(withDataDir("messages", "tail", "--partition", "999")).exitCode()).isEqualTo(2);
        assertThat(CliRun.of(withDataDir("messages", "tail", "--from-time", "yesterday")).exitCode()).isEqualTo(2);
        CliRun outOfRange = CliRun.of(withDataDir("messages", "tail", "--partition", "0", "--from-sequence", "7"));
        assertThat(outOfRange.exitCode()).isEqualTo(1);
        assertThat(outOfRange.err()).startsWith("roost: ").contains("416");
    }

    @Test
    void follow_printsNewMessagesOfEveryPartitionUntilInterrupted() throws Exception {
        send("old", "before");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = RoostCli.commandLine(Map.of(), Clock.systemUTC());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread tail = new Thread(() -> exitCode.set(cli.execute(withDataDir("messages", "tail", "--follow"))));
        tail.start();
        try {
            // New messages only: sent after the command read where the partitions end.
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                send("dev-" + System.nanoTime(), "ping");
                return out.toString().contains("ping");
            });
            for (int i = 0; i < 10; i++) {
                send("dev" + i, "new" + i);
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(bodies(out.toString())).contains("new0", "new1", "new2", "new3", "new4", "new5",
                            "new6", "new7", "new8", "new9"));
            assertThat(bodies(out.toString())).doesNotContain("before");
        } finally {
            tail.interrupt();
            tail.join(10_000);
        }
        assertThat(tail.isAlive()).isFalse();
        assertThat(exitCode.get()).as(err.toString()).isZero();
    }

    @Test
    void follow_withMax_exitsAfterThatMany() throws Exception {
        int partition = log.partitionFor("dev1");
        send("dev1", "m0");

        CliRun run = CliRun.of(withDataDir("messages", "tail", "--partition", Integer.toString(partition),
                "--from-start", "--follow", "--max", "1"));

        assertThat(run.exitCode()).isZero();
        assertThat(bodies(run.out())).containsExactly("m0");
    }
}
