package io.roost.compat.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roost.bench.mqtt.LoadOptions;
import io.roost.bench.mqtt.LoadReport;
import io.roost.bench.mqtt.MqttLoad;
import io.roost.compat.support.InProcessServers;
import io.roost.registry.policy.HubIdentity;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench module's MQTT load generator against a real Roost in the same JVM, on loopback
 * ephemeral ports: it provisions its devices through the registry REST API with the
 * registryReadWrite connection string, connects each with its own SAS token and publishes QoS 1
 * for about two seconds. Every message it counts as acknowledged must be in the D2C log.
 */
class MqttLoadGeneratorTest {

    private static final int DEVICES = 5;

    @TempDir
    Path dataDir;

    private RoostServer server;

    @BeforeEach
    void start() throws Exception {
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of(
                "ROOST_LISTENERS_HTTP_PORT", "0",
                "ROOST_LISTENERS_HTTPS_ENABLED", "false",
                "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false",
                "ROOST_LISTENERS_MQTT_PORT", "0"), Map.of());
        server = new RoostServer(config, dataDir);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void run_whenRoostAuthAndQos1_thenEveryAcknowledgedMessageIsInTheLogAndTheReportAddsUp() throws Exception {
        HubIdentity hub = HubIdentity.load(dataDir).orElseThrow();
        String connectionString = hub.connectionStrings().forPolicy(hub.policy("registryReadWrite").orElseThrow());
        LoadOptions options = LoadOptions.parse("--host", "127.0.0.1", "--port", Integer.toString(port(ListenerName.MQTT)),
                "--devices", Integer.toString(DEVICES), "--qos", "1", "--payload", "200", "--window", "10",
                "--duration", "2s", "--warmup", "500ms", "--threads", "1", "--connect-concurrency", "2",
                "--auth", "roost", "--service-connection-string", connectionString,
                "--http", "http://127.0.0.1:" + port(ListenerName.HTTP),
                "--server-pid", Long.toString(ProcessHandle.current().pid()));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        LoadReport report = new MqttLoad(options, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        assertThat(report.connectedDevices()).as(report.text()).isEqualTo(DEVICES);
        assertThat(report.errors()).as(report.text()).isZero();
        assertThat(report.unackedAtEnd()).as(report.text()).isZero();
        assertThat(report.measuredMessages()).as(report.text()).isGreaterThan(100);
        assertThat(report.acknowledgedMessages()).isEqualTo(report.sentMessages())
                .isGreaterThanOrEqualTo(report.measuredMessages());
        assertThat(report.ackLatencyMillis(0.5)).isPositive()
                .isLessThanOrEqualTo(report.ackLatencyMillis(0.99))
                .isLessThanOrEqualTo(report.ackLatencyMaxMillis());
        assertThat(report.serverCpuNanos()).isPositive();
        assertThat(report.messagesPerServerCpuSecond()).isPositive();
        assertThat(recordsInTheLog()).as("records in the D2C log").isGreaterThanOrEqualTo(report.acknowledgedMessages());
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("provisioned 5 devices", "measuring");
        // The default throttle limits never slow the load generator down (docs/configuration.md).
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port(ListenerName.HTTP) + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("roost_throttled_total").doesNotContainPattern("roost_throttled_total\\{[^}]*} [1-9]");

        JsonNode json = new ObjectMapper().readTree(report.json());
        assertThat(json.get("connected").asInt()).isEqualTo(DEVICES);
        assertThat(json.get("messages").asLong()).isEqualTo(report.measuredMessages());
        assertThat(json.get("msgsPerSec").asDouble()).isCloseTo(report.messagesPerSecond(), org.assertj.core.data.Offset.offset(0.1));
        assertThat(json.get("errors").asLong()).isZero();
    }

    private long recordsInTheLog() {
        return InProcessServers.recordsInTheLog(server.telemetryLog());
    }

    private int port(ListenerName name) {
        return InProcessServers.port(server, name);
    }
}
