package io.roost.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roost.registry.device.Device;
import io.roost.registry.policy.HubIdentity;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device commands against an in-process server on an ephemeral loopback port, found through
 * {@code endpoints.json} as an operator's {@code ./roost device ...} finds it.
 */
class DeviceCommandsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServerConfig EPHEMERAL_HTTP = HttpOnlyServer.config();

    @TempDir
    Path dataDir;

    private RoostServer server;

    @BeforeEach
    void start() throws Exception {
        server = new RoostServer(EPHEMERAL_HTTP, dataDir);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun roost(String... args) {
        return CliRun.of(HttpOnlyServer.withDataDir(dataDir, args));
    }

    private Device stored(String deviceId) {
        return server.registry().get(deviceId).join();
    }

    @Test
    void create_thenPrintsTheDeviceConnectionStringWithItsKey() throws Exception {
        CliRun run = roost("device", "create", "dev1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).hasLineCount(1);
        String key = stored("dev1").authentication().symmetricKey().primaryKey();
        HubIdentity hub = HubIdentity.load(dataDir).orElseThrow();
        assertThat(run.line()).isEqualTo(hub.connectionStrings().forDevice("dev1", key))
                .isEqualTo("HostName=roost.localhost;DeviceId=dev1;SharedAccessKey=" + key + ";GatewayHostName=localhost");
    }

    @Test
    void create_whenDisabledOrExisting_thenDisabledDeviceAndThenConflictOneLine() {
        assertThat(roost("device", "create", "dev1", "--disabled").exitCode()).isZero();

        CliRun again = roost("device", "create", "dev1");

        assertThat(stored("dev1").status().name()).isEqualToIgnoringCase("disabled");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.out()).isEmpty();
        assertThat(again.err()).isEqualTo("roost: device dev1 already exists" + System.lineSeparator());
    }

    @Test
    void create_whenIdInvalid_thenServerReasonInOneLine() {
        CliRun run = roost("device", "create", "has space");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("roost: the server refused the request (400: ").hasLineCount(1);
    }

    @Test
    void get_thenPrettyJsonOfTheDevice_andUnknownIsNotFound() throws Exception {
        roost("device", "create", "dev#1?");

        CliRun run = roost("device", "get", "dev#1?");
        CliRun missing = roost("device", "get", "nobody");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().count()).isGreaterThan(5);
        JsonNode device = JSON.readTree(run.out());
        assertThat(device.get("deviceId").asText()).isEqualTo("dev#1?");
        assertThat(device.get("etag").asText()).isEqualTo(stored("dev#1?").etag());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("roost: device nobody not found" + System.lineSeparator());
    }

    @Test
    void list_thenOneLinePerDeviceAcrossPages_andTopLimits() {
        List<String> expected = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 1005; i++) {
            String id = String.format("d%04d", i);
            lines.append("{\"id\":\"").append(id).append("\",\"importMode\":\"create\"}\n");
            expected.add(id + "\tenabled\tDisconnected");
        }
        importFile(lines.toString());

        CliRun all = roost("device", "list");
        CliRun top = roost("device", "list", "--top", "3");

        assertThat(all.exitCode()).isZero();
        assertThat(all.out().lines().toList()).isEqualTo(expected);
        assertThat(top.out().lines().toList()).isEqualTo(expected.subList(0, 3));
    }

    @Test
    void disableEnable_thenStatusAndReasonChangeAndKeysStay() {
        roost("device", "create", "dev1");
        String key = stored("dev1").authentication().symmetricKey().primaryKey();

        CliRun disabled = roost("device", "disable", "dev1", "--reason", "lost in the field");
        Device afterDisable = stored("dev1");
        CliRun enabled = roost("device", "enable", "dev1");
        Device afterEnable = stored("dev1");

        assertThat(disabled.line()).isEqualTo("dev1\tdisabled");
        assertThat(afterDisable.status().name()).isEqualToIgnoringCase("disabled");
        assertThat(afterDisable.statusReason()).isEqualTo("lost in the field");
        assertThat(enabled.line()).isEqualTo("dev1\tenabled");
        assertThat(afterEnable.status().name()).isEqualToIgnoringCase("enabled");
        assertThat(afterEnable.statusReason()).isNull();
        assertThat(afterEnable.authentication().symmetricKey().primaryKey()).isEqualTo(key);
        assertThat(roost("device", "disable", "nobody").err()).isEqualTo("roost: device nobody not found"
                + System.lineSeparator());
    }

    @Test
    void delete_thenGoneAndSecondDeleteIsNotFound() {
        roost("device", "create", "dev1");

        CliRun deleted = roost("device", "delete", "dev1");
        CliRun again = roost("device", "delete", "dev1");

        assertThat(deleted.exitCode()).isZero();
        assertThat(deleted.out()).isEmpty();
        assertThat(catchThrowable(() -> stored("dev1"))).isNotNull();
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("roost: device dev1 not found" + System.lineSeparator());
    }

    @Test
    void import_thenSummaryAndFailedLinesOnStderrAndExit1() throws Exception {
        roost("device", "create", "old");
        Path file = Files.writeString(dataDir.resolve("devices.jsonl"), """
                {"id":"a","importMode":"create"}
                {"id":"old","importMode":"create"}
                {"id":"old","status":"disabled"}
                {"id":"b","importMode":"create"}
                {"id":"b","importMode":"delete"}
                """);

        CliRun run = roost("device", "import", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.line()).isEqualTo("5 lines: 2 created, 1 deleted, 1 updated, 1 failed");
        assertThat(run.err()).isEqualTo("line 2 (old): DeviceAlreadyExists: " + errorStatusOfLine2(run)
                + System.lineSeparator());
        assertThat(stored("old").status().name()).isEqualToIgnoringCase("disabled");
    }

    private static String errorStatusOfLine2(CliRun run) {
        return run.err().substring(run.err().indexOf("DeviceAlreadyExists: ") + "DeviceAlreadyExists: ".length()).strip();
    }

    @Test
    void import_whenEveryLineApplies_thenExit0() {
        CliRun run = importFile("{\"id\":\"a\"}\n{\"id\":\"b\"}\n");

        assertThat(run.exitCode()).isZero();
        assertThat(run.line()).isEqualTo("2 lines: 2 created, 0 failed");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void export_thenReimportWithKeysRecreatesTheSameDevices() throws Exception {
        roost("device", "create", "dev1");
        roost("device", "create", "dev2", "--disabled");
        String key = stored("dev1").authentication().symmetricKey().primaryKey();
        Path backup = dataDir.resolve("backup.jsonl");

        CliRun toStdout = roost("device", "export");
        CliRun toFile = roost("device", "export", "--include-keys", "--output", backup.toString());
        roost("device", "delete", "dev1");
        roost("device", "delete", "dev2");
        CliRun restored = roost("device", "import", backup.toString());

        assertThat(toStdout.exitCode()).isZero();
        assertThat(toStdout.out().lines().toList()).hasSize(2);
        assertThat(JSON.readTree(toStdout.out().lines().findFirst().orElseThrow())
                .at("/authentication/symmetricKey/primaryKey").isNull()).isTrue();
        assertThat(toFile.exitCode()).isZero();
        assertThat(toFile.line()).startsWith("exported ").endsWith(" bytes to " + backup);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");
        assertThat(restored.line()).isEqualTo("2 lines: 2 created, 0 failed");
        assertThat(stored("dev1").authentication().symmetricKey().primaryKey()).isEqualTo(key);
        assertThat(stored("dev2").status().name()).isEqualToIgnoringCase("disabled");
    }

    @Test
    void sasTokenDevice_thenTheRegistryAuthenticatesTheDeviceWithIt() {
        roost("device", "create", "dev1");

        CliRun run = roost("sas-token", "--device", "dev1", "--ttl", "5m");

        assertThat(run.exitCode()).isZero();
        assertThat(run.line()).startsWith("SharedAccessSignature sr=roost.localhost%2Fdevices%2Fdev1&");
        assertThat(server.registry().authenticateDevice("dev1", run.line()).join().deviceId()).isEqualTo("dev1");
        assertThat(roost("sas-token", "--device", "nobody").err()).isEqualTo("roost: device nobody not found"
                + System.lineSeparator());
    }

    @Test
    void anyCommand_whenConnectionStringOfAnotherHub_thenServerRefusesTheKeyInOneLine() throws Exception {
        Path otherDir = Files.createDirectory(dataDir.resolve("other"));
        String foreign = HubIdentity.loadOrCreate(otherDir, "localhost").ownerConnectionString();
        String url = "http://127.0.0.1:" + server.listeners().get(0).port();

        CliRun run = CliRun.of("device", "list", "--connection-string", foreign, "--url", url);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("roost: the server refused the iothubowner key (401").hasLineCount(1);
    }

    @Test
    void create_whenPolicyMayOnlyRead_thenForbiddenInOneLineButListWorks() throws Exception {
        HubIdentity hub = HubIdentity.load(dataDir).orElseThrow();
        String readOnly = hub.connectionStrings().forPolicy(hub.policy("registryRead").orElseThrow());
        String url = "http://127.0.0.1:" + server.listeners().get(0).port();

        CliRun create = CliRun.of("device", "create", "dev1", "--connection-string", readOnly, "--url", url);
        CliRun list = CliRun.of("device", "list", "--connection-string", readOnly, "--url", url);

        assertThat(create.exitCode()).isEqualTo(1);
        assertThat(create.err()).startsWith("roost: policy registryRead may not do this (403").hasLineCount(1);
        assertThat(list.exitCode()).isZero();
    }

    @Test
    void anyCommand_whenOwnConnectionStringAndUrl_thenWorksWithoutDataDir() throws Exception {
        String owner = HubIdentity.load(dataDir).orElseThrow().ownerConnectionString();
        String url = "http://127.0.0.1:" + server.listeners().get(0).port();

        CliRun created = CliRun.of("device", "create", "dev1", "--connection-string", owner, "--url", url);

        assertThat(created.exitCode()).isZero();
        assertThat(created.line()).startsWith("HostName=roost.localhost;DeviceId=dev1;SharedAccessKey=");
    }

    private CliRun importFile(String content) {
        try {
            Path file = Files.writeString(Files.createTempFile(dataDir, "import", ".jsonl"), content);
            return roost("device", "import", file.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
