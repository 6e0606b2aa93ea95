package io.roost.compat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubConnectionString;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSasTokenSoftwareAuthenticationProvider;
import io.roost.server.cli.RoostCli;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Acceptance: {@code roost device create dev1} prints a connection string that the Azure IoT device
 * SDK for Java 2.5.0 accepts on its default settings, and the token the SDK makes from it passes
 * the server's registry. The CLI runs in-process against an in-process server on an ephemeral port.
 */
class CliDeviceConnectionStringTest {

    private static final ServerConfig EPHEMERAL_HTTP = ConfigLoader.load(Optional.empty(),
            Map.of("ROOST_LISTENERS_MQTT_ENABLED", "false", "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false",
                    "ROOST_LISTENERS_HTTP_PORT", "0", "ROOST_LISTENERS_HTTPS_ENABLED", "false"), Map.of());

    @TempDir
    Path dataDir;

    @Test
    void deviceCreate_thenPrintedConnectionStringIsAcceptedByTheDeviceSdk() throws Exception {
        try (RoostServer server = new RoostServer(EPHEMERAL_HTTP, dataDir)) {
            server.start();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = RoostCli.commandLine(Map.of(), Clock.systemUTC());
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));

            int exitCode = cli.execute("device", "create", "dev1", "--data-dir", dataDir.toString());

            assertThat(exitCode).as(err.toString()).isZero();
            String printed = out.toString().strip();
            IotHubConnectionString parsed = new IotHubConnectionString(printed);
            assertThat(parsed.getDeviceId()).isEqualTo("dev1");
            assertThat(parsed.getGatewayHostName()).isEqualTo("localhost");
            assertThat(parsed.getSharedAccessKey())
                    .isEqualTo(server.registry().get("dev1").join().authentication().symmetricKey().primaryKey());

            DeviceClient client = new DeviceClient(printed, IotHubClientProtocol.MQTT);
            assertThat(client.getConfig().getDeviceId()).isEqualTo("dev1");

            String sdkToken = new String(new IotHubSasTokenSoftwareAuthenticationProvider(parsed.getHostName(),
                    parsed.getGatewayHostName(), parsed.getDeviceId(), parsed.getModuleId(),
                    parsed.getSharedAccessKey(), null).getSasToken());
            assertThat(server.registry().authenticateDevice("dev1", sdkToken).join().deviceId()).isEqualTo("dev1");
        }
    }
}
