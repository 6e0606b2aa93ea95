package io.roost.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.registry.DeviceRegistry;
import io.roost.registry.RegistryOptions;
import io.roost.registry.events.RegistryEvents;
import io.roost.registry.policy.HubIdentity;
import io.roost.registry.policy.Permission;
import io.roost.registry.sas.SasToken;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client commands without a server: parsing, usage errors, local output and one-line failures. */
class ClientCommandLineTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    @Test
    void connectionString_whenHubExists_thenOwnerStringFromHubJson() throws Exception {
        HubIdentity hub = HubIdentity.loadOrCreate(dataDir, "localhost");

        CliRun run = CliRun.of("connection-string", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo(hub.ownerConnectionString() + System.lineSeparator());
    }

    @Test
    void connectionString_whenPolicyGiven_thenThatPolicysString() throws Exception {
        HubIdentity hub = HubIdentity.loadOrCreate(dataDir, "iot.example.com");

        CliRun run = CliRun.of("connection-string", "--data-dir", dataDir.toString(), "--policy", "service");

        assertThat(run.line()).isEqualTo("HostName=iot.example.com;SharedAccessKeyName=service;SharedAccessKey="
                + hub.policy("service").orElseThrow().primaryKey());
    }

    @Test
    void connectionString_whenEventHub_thenEndpointStringOfTheServicePolicyWithEntityPath() throws Exception {
        HubIdentity hub = HubIdentity.loadOrCreate(dataDir, "iot.example.com");
        String key = hub.policy("service").orElseThrow().primaryKey();

        CliRun run = CliRun.of("connection-string", "--data-dir", dataDir.toString(), "--eventhub");
        CliRun emulator = CliRun.of("connection-string", "--data-dir", dataDir.toString(), "--eventhub", "--emulator");

        assertThat(run.line()).isEqualTo("Endpoint=sb://iot.example.com/;SharedAccessKeyName=service;SharedAccessKey="
                + key + ";EntityPath=iot");
        assertThat(emulator.line()).isEqualTo("Endpoint=sb://iot.example.com/;SharedAccessKeyName=service;SharedAccessKey="
                + key + ";EntityPath=iot;UseDevelopmentEmulator=true");
    }

    @Test
    void connectionString_whenUnknownPolicy_thenOneLineAndExit1() throws Exception {
        HubIdentity.loadOrCreate(dataDir, "localhost");

        CliRun run = CliRun.of("connection-string", "--data-dir", dataDir.toString(), "--policy", "nobody");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("roost: no policy nobody in " + dataDir.resolve("hub.json")
                + System.lineSeparator());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"connection-string", "sas-token --policy iothubowner", "device list", "device create dev1"})
    void anyCommand_whenNoHubInDataDir_thenSaysHowToMakeOneAndCreatesNothing(String command) {
        Path empty = dataDir.resolve("data");
        String[] args = (command + " --data-dir " + empty).split(" ");

        CliRun run = CliRun.of(args);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("roost: no hub in " + empty
                + ": start the server once with ./roost start, or pass --connection-string" + System.lineSeparator());
        assertThat(empty).doesNotExist();
    }

    @Test
    void sasTokenPolicy_whenTtlGiven_thenTokenOfThatPolicyExpiringThen() throws Exception {
        HubIdentity hub = HubIdentity.loadOrCreate(dataDir, "localhost");

        CliRun run = CliRun.of(CLOCK, "sas-token", "--policy", "registryRead", "--ttl", "15m",
                "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isZero();
        SasToken token = SasToken.parse(run.line());
        assertThat(token.keyName()).isEqualTo("registryRead");
        assertThat(token.rawResource()).isEqualTo("localhost");
        assertThat(token.expiryEpochSeconds()).isEqualTo(NOW.plusSeconds(15 * 60).getEpochSecond());
        assertThat(hub.policy("registryRead")).isPresent();
    }

    @Test
    void sasTokenPolicy_whenSignedNow_thenRegistryAcceptsIt() throws Exception {
        HubIdentity hub = HubIdentity.loadOrCreate(dataDir, "localhost");
        CliRun run = CliRun.of("sas-token", "--policy", "iothubowner", "--data-dir", dataDir.toString());

        try (DeviceRegistry registry = DeviceRegistry.open(dataDir, hub, Clock.systemUTC(), RegistryOptions.defaults(),
                RegistryEvents.NONE)) {
            assertThat(registry.authenticatePolicy(run.line(), Permission.REGISTRY_WRITE).join().name())
                    .isEqualTo("iothubowner");
        }
    }

    @Test
    void sasTokenPolicy_whenConnectionStringGiven_thenSignedWithItsKeyAndNoDataDirNeeded() throws Exception {
        HubIdentity hub = HubIdentity.loadOrCreate(dataDir, "localhost");
        String owner = hub.ownerConnectionString();

        CliRun run = CliRun.of("sas-token", "--policy", "iothubowner", "--connection-string", owner);
        CliRun other = CliRun.of("sas-token", "--policy", "service", "--connection-string", owner);

        assertThat(run.exitCode()).isZero();
        try (DeviceRegistry registry = DeviceRegistry.open(dataDir, hub, Clock.systemUTC(), RegistryOptions.defaults(),
                RegistryEvents.NONE)) {
            assertThat(registry.authenticatePolicy(run.line(), Permission.REGISTRY_READ).join().name())
                    .isEqualTo("iothubowner");
        }
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.err()).startsWith("roost: no policy service in the connection string");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1w", "0s", "-5m", "soon"})
    void sasToken_whenTtlInvalid_thenUsageErrorOneLine(String ttl) throws Exception {
        HubIdentity.loadOrCreate(dataDir, "localhost");

        CliRun run = CliRun.of("sas-token", "--policy", "iothubowner", "--ttl", ttl, "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("'" + ttl + "' is not a positive duration such as 30s, 15m, 1h, 7d or PT1H")
                .startsWith("roost: ").hasLineCount(1);
    }

    @Test
    void sasToken_whenNeitherOrBothSubjects_thenUsageError() {
        CliRun neither = CliRun.of("sas-token");
        CliRun both = CliRun.of("sas-token", "--device", "d", "--policy", "iothubowner");

        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("--device", "--policy").hasLineCount(1);
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive").hasLineCount(1);
    }

    @Test
    void device_whenIdMissing_thenUsageErrorNamingTheCommand() {
        CliRun run = CliRun.of("device", "create");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("roost: Missing required parameter: 'ID' (see 'roost device create --help')"
                + System.lineSeparator());
    }

    @Test
    void device_whenNoSubcommand_thenUsageAndExit2() {
        CliRun run = CliRun.of("device");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Usage: roost device", "create", "import", "export");
    }

    @Test
    void device_whenDataDirAndConnectionStringBoth_thenUsageError() throws Exception {
        HubIdentity hub = HubIdentity.loadOrCreate(dataDir, "localhost");

        CliRun run = CliRun.of("device", "get", "dev1", "--data-dir", dataDir.toString(),
                "--connection-string", hub.ownerConnectionString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("roost: --data-dir and --connection-string are alternatives: give one");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HostName=localhost;SharedAccessKeyName=iothubowner",
            "SharedAccessKeyName=iothubowner;SharedAccessKey=a2V5a2V5a2V5a2V5a2V5a2V5",
            "HostName=localhost;SharedAccessKeyName=iothubowner;SharedAccessKey=not-base64!"})
    void device_whenConnectionStringInvalid_thenUsageErrorSayingWhat(String connectionString) {
        CliRun run = CliRun.of("device", "get", "dev1", "--connection-string", connectionString);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("roost: invalid --connection-string: ").hasLineCount(1);
    }

    @Test
    void device_whenServerNotRunning_thenSaysSoFromMissingEndpoints() throws Exception {
        HubIdentity.loadOrCreate(dataDir, "localhost");

        CliRun run = CliRun.of("device", "get", "dev1", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("roost: no server is running on " + dataDir).hasLineCount(1);
    }

    @Test
    void device_whenNothingListens_thenCannotReachOneLine() throws Exception {
        HubIdentity hub = HubIdentity.loadOrCreate(dataDir, "localhost");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Files.writeString(dataDir.resolve("endpoints.json"), "{\"listeners\":[{\"name\":\"http\",\"protocol\":\"http\","
                + "\"tls\":false,\"address\":\"127.0.0.1\",\"port\":" + closedPort + "}]}");

        CliRun fromDataDir = CliRun.of("device", "list", "--data-dir", dataDir.toString());
        CliRun fromUrl = CliRun.of("device", "list", "--connection-string", hub.ownerConnectionString(),
                "--url", "http://127.0.0.1:" + closedPort);

        for (CliRun run : new CliRun[] {fromDataDir, fromUrl}) {
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("roost: cannot reach the server at http://127.0.0.1:" + closedPort
                    + " (is it running? ./roost start)" + System.lineSeparator());
        }
    }

    @Test
    void device_whenUrlInvalid_thenUsageError() throws Exception {
        HubIdentity hub = HubIdentity.loadOrCreate(dataDir, "localhost");

        CliRun run = CliRun.of("device", "list", "--connection-string", hub.ownerConnectionString(), "--url", "ftp://x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("roost: invalid --url 'ftp://x'");
    }

    @Test
    void import_whenFileMissing_thenOneLineAndExit1() throws Exception {
        HubIdentity.loadOrCreate(dataDir, "localhost");

        CliRun run = CliRun.of("device", "import", dataDir.resolve("none.jsonl").toString(), "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("roost: cannot read ").contains("none.jsonl").hasLineCount(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"device create", "device list", "device import", "connection-string", "sas-token"})
    void help_whenAsked_thenUsageOnStdoutAndExit0(String command) {
        CliRun run = CliRun.of((command + " --help").split(" "));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: roost " + command).contains("--data-dir", "--connection-string");
    }
}
