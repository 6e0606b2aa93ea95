package io.roost.compat.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roost.bench.amqp.AmqpLoad;
import io.roost.bench.amqp.EventHubFollower;
import io.roost.bench.amqp.EventHubReadRate;
import io.roost.bench.mqtt.LoadOptions;
import io.roost.bench.mqtt.LoadReport;
import io.roost.compat.support.InProcessServers;
import io.roost.core.log.PartitionInfo;
import io.roost.registry.policy.HubIdentity;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench module's AMQP tools against a real Roost in the same JVM, on loopback ephemeral ports:
 * the D2C load generator provisions its devices through the registry REST API, sends over AMQP
 * for about two seconds, and every message it counts as Accepted must be in the D2C log; then the
 * Event Hubs-compatible read-rate tool must read exactly the log's records, from all partitions
 * and from one. Only that messages flow and the counts match is asserted, never a rate.
 */
class AmqpLoadGeneratorTest {

    private static final int DEVICES = 4;

    @TempDir
    Path dataDir;

    private RoostServer server;

    @BeforeEach
    void start() throws Exception {
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of(
                "ROOST_LISTENERS_HTTP_PORT", "0",
                "ROOST_LISTENERS_HTTPS_ENABLED", "false", "ROOST_LISTENERS_MQTT_ENABLED", "false",
                "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false",
                "ROOST_LISTENERS_AMQP_PORT", "0"), Map.of());
        server = new RoostServer(config, dataDir);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void run_thenEveryAcceptedMessageIsInTheLog_andTheReadToolReadsExactlyTheLog() throws Exception {
        HubIdentity hub = HubIdentity.load(dataDir).orElseThrow();
        LoadOptions options = AmqpLoad.parse("--host", "127.0.0.1", "--port", Integer.toString(port(ListenerName.AMQP)),
                "--devices", Integer.toString(DEVICES), "--payload", "200", "--window", "10",
                "--duration", "2s", "--warmup", "500ms", "--connect-concurrency", "2", "--auth", "roost",
                "--service-connection-string", hub.connectionStrings().forPolicy(hub.policy("registryReadWrite").orElseThrow()),
                "--http", "http://127.0.0.1:" + port(ListenerName.HTTP),
                "--server-pid", Long.toString(ProcessHandle.current().pid()));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        String service = hub.connectionStrings().forPolicy(hub.policy("service").orElseThrow());
        InetSocketAddress amqp = new InetSocketAddress("127.0.0.1", port(ListenerName.AMQP));
        List<Long> latencies = new CopyOnWriteArrayList<>();
        EventHubFollower follower = new EventHubFollower(amqp, service,
                (enqueuedMillis, readMillis) -> latencies.add(readMillis - enqueuedMillis));
        follower.start();

        LoadReport report = new AmqpLoad(options, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        assertThat(report.connectedDevices()).as(report.text()).isEqualTo(DEVICES);
        assertThat(report.errors()).as(report.text()).isZero();
        assertThat(report.unackedAtEnd()).as(report.text()).isZero();
        assertThat(report.measuredMessages()).as(report.text()).isPositive();
        assertThat(report.acknowledgedMessages()).isEqualTo(report.sentMessages())
                .isGreaterThanOrEqualTo(report.measuredMessages());
        assertThat(report.ackLatencyMillis(0.5)).isPositive().isLessThanOrEqualTo(report.ackLatencyMillis(0.999));
        assertThat(report.text()).startsWith("amqp-load: ").contains("Accepted latency");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("provisioned 4 devices", "measuring");
        JsonNode json = new ObjectMapper().readTree(report.json());
        assertThat(json.get("wire").asText()).isEqualTo("amqp");
        assertThat(json.get("messages").asLong()).isEqualTo(report.measuredMessages());
        long inTheLog = recordsInTheLog();
        assertThat(inTheLog).as("records in the D2C log").isEqualTo(report.acknowledgedMessages());
        // The follower read everything while it was written, each with an enqueue-to-read latency.
        await().atMost(Duration.ofSeconds(30)).until(() -> follower.received() >= inTheLog || follower.failure() != null);
        follower.close();
        assertThat(follower.failure()).isNull();
        assertThat(follower.received()).isEqualTo(inTheLog);
        assertThat(latencies).hasSize((int) inTheLog).allMatch(millis -> millis >= 0);
        EventHubReadRate.Report all = new EventHubReadRate(amqp, service, null, 1000, Duration.ofSeconds(60), null).run();
        assertThat(all.messages()).isEqualTo(inTheLog);
        assertThat(all.partitions()).hasSize(server.telemetryLog().partitionCount());
        assertThat(all.messagesPerSecond()).isPositive();

        int partition = server.telemetryLog().partitionFor(options.deviceId(0));
        EventHubReadRate.Report one = new EventHubReadRate(amqp, service, partition, 1000, Duration.ofSeconds(60), null).run();
        PartitionInfo info = server.telemetryLog().partitionInfo(partition);
        assertThat(one.messages()).isPositive().isEqualTo(info.nextOffset() - info.earliestOffset());
    }

    private long recordsInTheLog() {
        return InProcessServers.recordsInTheLog(server.telemetryLog());
    }

    private int port(ListenerName name) {
        return InProcessServers.port(server, name);
    }
}
