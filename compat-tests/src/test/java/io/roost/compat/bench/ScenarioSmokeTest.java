package io.roost.compat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.bench.scenario.Scenarios;
import io.roost.bench.scenario.Summary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/scenario} at toy scale against the server jar this build made (its own JVM, as the
 * real runs), so the scenarios, their back-end consumers and the connection fleet cannot rot
 * unnoticed. Asserts only that messages and connections flow and that the counts match; never
 * on speed.
 */
class ScenarioSmokeTest {

    @TempDir
    Path out;

    @Test
    void s2_withTheRestConsumer_readsEveryMessage_andMeasuresTheWindow() throws Exception {
        Summary summary = run("s2", "--devices", "20", "--per-device-rate", "20", "--duration", "2s", "--warmup", "1s",
                "--consumer");

        assertThat(summary.errors()).as(summary.line()).isZero();
        assertThat(summary.details()).contains("consumer (REST read API)", "none lost", "caught up after")
                .doesNotContain("reader failed", "p50 -1");
    }

    @Test
    void s1b_throughTheEventHubsEndpoint_readsEveryMessage() throws Exception {
        Summary summary = run("s1", "--devices", "3", "--duration", "2s", "--warmup", "500ms", "--eventhub-consumer");

        assertThat(summary.scenario()).isEqualTo("S1b");
        assertThat(summary.errors()).as(summary.line()).isZero();
        assertThat(summary.details()).contains("consumer (Event Hubs-compatible endpoint)", "none lost", "caught up after")
                .doesNotContain("reader failed", "NOT within", "p50 -1");
    }

    @Test
    void s3_plainAndTls_connectEveryDevice_afterTheWarmUp() throws Exception {
        for (boolean tls : new boolean[] {false, true}) {
            List<String> args = new ArrayList<>(List.of("--connections", "30", "--warmup-connections", "10",
                    "--connect-rate", "0", "--sources", "2", "--hold", "1s", "--threads", "1"));
            if (tls) {
                args.add("--tls");
            }
            Summary summary = run("s3", args.toArray(String[]::new));

            assertThat(summary.errors()).as(summary.line()).isZero();
            assertThat(summary.details()).contains(tls ? "TLS (ECDSA P-256)" : "plain", "30 of 30 connected",
                    "after a warm-up of 10 connections", " 0 dropped");
        }
    }

    private Summary run(String scenario, String... args) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(root.resolve("server/target/roost-server.jar")).as("the server jar of this build").satisfies(Files::isRegularFile);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--root", root.toString(), "--out", out.resolve(scenario).toString()));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try {
            return Scenarios.run(scenario, all, new PrintStream(progress, true, StandardCharsets.UTF_8));
        } finally {
            System.out.print(progress.toString(StandardCharsets.UTF_8));
        }
    }
}
