package io.roost.compat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.bench.compare.CompareOptions;
import io.roost.bench.compare.CompareRun;
import io.roost.bench.compare.CompareScenario;
import io.roost.bench.compare.ComparisonResult;
import io.roost.bench.compare.ComparisonTable;
import io.roost.bench.compare.Peer;
import io.roost.bench.compare.RunFigures;
import io.roost.bench.compare.RunningPeer;
import io.roost.compat.support.InProcessServers;
import io.roost.registry.policy.HubIdentity;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/compare's core ({@link CompareRun}) for two short rounds against a real Roost started in
 * this JVM on loopback ephemeral ports (fresh data dir each round, devices provisioned through the
 * registry REST API), next to a peer that is not installed and one that fails to start. Asserts
 * only that messages flow, that every QoS 1 message counted as acknowledged is in that round's D2C log,
 * and that the table shows the runs and both skipped peers; never on speed.
 */
class BenchCompareSmokeTest {

    @TempDir
    Path work;

    /** Records in the D2C log when each round's server stopped, in round order. */
    private final List<Long> recordsAtStop = new ArrayList<>();

    @Test
    void run_whenRoostRunsAndTwoPeersCannot_thenTheTableHasRoostsRunsAndListsTheOthersAsSkipped() throws Exception {
        CompareOptions options = CompareOptions.parse("--rounds", "2", "--duration", "1s", "--warmup", "200ms",
                "--devices", "3", "--window", "10", "--threads", "1", "--out", work.resolve("out").toString());
        Peer notInstalled = new FakePeer("mosquitto", Optional.of("mosquitto not found"));
        Peer failsToStart = new FakePeer("moquette", Optional.empty());
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        ComparisonResult result = new CompareRun(options, List.of(new InProcessRoost(), notInstalled, failsToStart),
                new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        List<RunFigures> qos1 = result.runs("roost", CompareScenario.S1_QOS1);
        List<RunFigures> qos0 = result.runs("roost", CompareScenario.S1_QOS0);
        assertThat(qos1).as(progress.toString(StandardCharsets.UTF_8)).hasSize(2);
        assertThat(qos0).hasSize(2);
        for (int round = 0; round < 2; round++) {
            assertThat(qos1.get(round).messages()).isPositive();
            assertThat(qos1.get(round).errors()).isZero();
            assertThat(qos0.get(round).messages()).isPositive();
            assertThat(qos0.get(round).errors()).isZero();
            // A PUBACK leaves after the record is durable; QoS 0 messages may still be in a socket buffer at the stop.
            assertThat(recordsAtStop.get(round)).as("records in round %d's log", round + 1)
                    .isGreaterThanOrEqualTo(qos1.get(round).messages());
        }
        assertThat(result.skipped()).containsOnlyKeys("mosquitto", "moquette");
        String table = ComparisonTable.render(result, options);
        assertThat(table).contains("| s1-qos1 | roost | 2 |", "| s1-qos0 | roost | 2 |",
                "skipped: mosquitto: mosquitto not found", "skipped: moquette: round 1: did not start: no broker here");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("round 2/2: roost s1-qos1:");
    }

    /** A peer that is either unavailable or fails to start. */
    private record FakePeer(String name, Optional<String> unavailableReason) implements Peer {
        @Override
        public RunningPeer start(Path workDir) throws IOException {
            throw new IOException("no broker here");
        }
    }

    /** Roost in this JVM: its CPU time and RSS are the test JVM's, which is fine for a smoke test. */
    private final class InProcessRoost implements Peer {

        @Override
        public String name() {
            return "roost";
        }

        @Override
        public Optional<String> unavailableReason() {
            return Optional.empty();
        }

        @Override
        public RunningPeer start(Path workDir) throws IOException, InterruptedException {
            ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of(
                    "ROOST_LISTENERS_HTTP_PORT", "0", "ROOST_LISTENERS_MQTT_PORT", "0",
                    "ROOST_LISTENERS_HTTPS_ENABLED", "false", "ROOST_LISTENERS_MQTTS_ENABLED", "false",
                    "ROOST_LISTENERS_AMQP_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false"), Map.of());
            Path dataDir = workDir.resolve("data");
            RoostServer server = new RoostServer(config, dataDir);
            server.start();
            HubIdentity hub = HubIdentity.load(dataDir).orElseThrow();
            String connectionString = hub.connectionStrings().forPolicy(hub.policy("registryReadWrite").orElseThrow());
            return new RunningPeer() {
                @Override
                public long pid() {
                    return ProcessHandle.current().pid();
                }

                @Override
                public int mqttPort() {
                    return InProcessServers.port(server, ListenerName.MQTT);
                }

                @Override
                public List<String> authArguments() {
                    return List.of("--auth", "roost", "--service-connection-string", connectionString,
                            "--http", "http://127.0.0.1:" + InProcessServers.port(server, ListenerName.HTTP));
                }

                @Override
                public void close() {
                    recordsAtStop.add(InProcessServers.recordsInTheLog(server.telemetryLog()));
                    server.close();
                }
            };
        }
    }


}
