package io.roost.server.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ServerConfig;
import io.roost.server.datadir.DataDirInUseException;
import io.roost.server.datadir.DataDirLock;
import io.roost.server.datadir.EndpointsFile;
import io.roost.server.listener.BoundListener;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server in process, on an ephemeral loopback port. */
@SuppressWarnings("try") // a lock or a server held only for its effect
class RoostServerTest {

    private static final ServerConfig EPHEMERAL_HTTP = ConfigLoader.load(Optional.empty(),
            Map.of("ROOST_LISTENERS_MQTT_ENABLED", "false", "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false",
                    "ROOST_LISTENERS_HTTP_PORT", "0", "ROOST_LISTENERS_HTTPS_ENABLED", "false"), Map.of());

    @TempDir
    Path dataDir;

    @Test
    void start_whenDataDirFree_thenServesHealthAndMetricsAndWritesEndpoints() throws Exception {
        try (RoostServer server = new RoostServer(EPHEMERAL_HTTP, dataDir)) {
            server.start();

            assertThat(server.isReady()).isTrue();
            assertThat(server.listeners()).hasSize(1);
            BoundListener http = server.listeners().get(0);
            assertThat(http.host()).isEqualTo("127.0.0.1");
            assertThat(Files.readString(dataDir.resolve(EndpointsFile.FILE_NAME))).contains("\"port\" : " + http.port());
            HttpResponse<String> health = get(http, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(http, "/metrics");
            assertThat(metrics.body()).contains("jvm_memory_used_bytes", "process_uptime_seconds", "jvm_threads_live_threads",
                    "roost_devices_connected{protocol=\"mqtt\"}", "roost_d2c_ack_latency_seconds_count{protocol=\"mqtt\"}");
            assertThat(server.telemetryLog().partitionCount()).isEqualTo(4);
        }
        assertThat(dataDir.resolve(EndpointsFile.FILE_NAME)).doesNotExist();
        assertThat(dataDir.resolve("d2c/.clean-shutdown")).as("the log marked a clean shutdown").exists();
        DataDirLock.acquire(dataDir, 1).close();
    }

    @Test
    void start_whenDataDirLocked_thenFailsWithoutTouchingIt() throws Exception {
        try (DataDirLock held = DataDirLock.acquire(dataDir, 99);
                RoostServer server = new RoostServer(EPHEMERAL_HTTP, dataDir)) {
            assertThatThrownBy(server::start).isInstanceOf(DataDirInUseException.class).hasMessageContaining("pid 99");
            try (var files = Files.list(dataDir)) {
                assertThat(files).containsExactly(dataDir.resolve(DataDirLock.FILE_NAME));
            }
        }
    }

    @Test
    void start_whenPortTaken_thenFailsNamingTheListenerAndReleasesTheLock() throws Exception {
        try (RoostServer first = new RoostServer(EPHEMERAL_HTTP, dataDir.resolve("one"))) {
            first.start();
            ServerConfig samePort = ConfigLoader.load(Optional.empty(),
                    Map.of("ROOST_LISTENERS_MQTT_ENABLED", "false", "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false",
                    "ROOST_LISTENERS_HTTP_PORT", String.valueOf(first.listeners().get(0).port()),
                            "ROOST_LISTENERS_HTTPS_ENABLED", "false"), Map.of());
            Path secondDir = dataDir.resolve("two");

            assertThatThrownBy(() -> new RoostServer(samePort, secondDir).start())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("listener http cannot bind")
                    .hasMessageContaining("listeners.http.port");
            assertThat(secondDir.resolve(EndpointsFile.FILE_NAME)).doesNotExist();
            DataDirLock.acquire(secondDir, 1).close();
        }
    }

    @Test
    void start_whenOwnCertificateMissing_thenFailsNamingTheKeyAndReleasesTheLock() throws Exception {
        // The TLS material is prepared on a thread of its own: its failure must still fail start().
        Path missing = dataDir.resolve("no-such-cert.pem");
        ServerConfig ownCertificate = ConfigLoader.load(Optional.empty(),
                Map.of("ROOST_LISTENERS_MQTT_ENABLED", "false", "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false",
                        "ROOST_LISTENERS_HTTP_PORT", "0", "ROOST_LISTENERS_HTTPS_ENABLED", "false",
                        "ROOST_TLS_CERTIFICATEFILE", missing.toString(), "ROOST_TLS_PRIVATEKEYFILE", dataDir.resolve("no-such-key.pem").toString()),
                Map.of());
        Path serverDir = dataDir.resolve("hub");

        assertThatThrownBy(() -> new RoostServer(ownCertificate, serverDir).start())
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("tls.certificateFile names " + missing + ", which does not exist");
        assertThat(serverDir.resolve(EndpointsFile.FILE_NAME)).doesNotExist();
        DataDirLock.acquire(serverDir, 1).close();
    }

    @Test
    void start_whenTheLogFailsToOpen_thenTheCertificatesAreCompleteBeforeTheLockIsReleased() throws Exception {
        // A failure on the starting thread while the TLS thread may still be writing: start() must
        // wait for that thread before it releases the lock, so the next owner finds whole files.
        Path serverDir = Files.createDirectories(dataDir.resolve("hub"));
        Files.writeString(serverDir.resolve("d2c"), "a file where the log's directory belongs");

        assertThatThrownBy(() -> new RoostServer(EPHEMERAL_HTTP, serverDir).start()).isInstanceOf(java.io.IOException.class);

        try (DataDirLock lock = DataDirLock.acquire(serverDir, 1)) {
            assertThat(serverDir.resolve("certs/ca.pem")).content().endsWith("-----END CERTIFICATE-----\n");
            assertThat(serverDir.resolve("certs/server.pem")).content().endsWith("-----END CERTIFICATE-----\n");
        }
    }

    private static HttpResponse<String> get(BoundListener listener, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(listener.url() + path)).timeout(Duration.ofSeconds(5)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
