package io.roost.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code roost consumer-group ...} against an in-process server found through {@code endpoints.json}. */
class ConsumerGroupCommandEndToEndTest {

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

    @Test
    void createListDelete_thenTheServersGroupsFollow() {
        assertThat(roost("consumer-group", "list").out()).isEqualTo("$Default\n");

        CliRun created = roost("consumer-group", "create", "analytics");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(roost("consumer-group", "create", "analytics").exitCode()).isZero();
        assertThat(roost("consumer-group", "list").out()).isEqualTo("$Default\nanalytics\n");
        assertThat(server.telemetryLog().consumerGroups().groups()).contains("analytics");

        assertThat(roost("consumer-group", "delete", "analytics").exitCode()).isZero();
        assertThat(roost("consumer-group", "list").out()).isEqualTo("$Default\n");
    }

    @Test
    void deleteOrCreate_whenRefused_thenOneLineAndExit1() {
        CliRun unknown = roost("consumer-group", "delete", "nobody");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("nobody").doesNotContain("Exception");

        CliRun defaultGroup = roost("consumer-group", "delete", "$Default");
        assertThat(defaultGroup.exitCode()).isEqualTo(1);
        assertThat(defaultGroup.err()).contains("cannot be deleted");

        CliRun badName = roost("consumer-group", "create", "no spaces");
        assertThat(badName.exitCode()).isEqualTo(1);
        assertThat(badName.err().lines()).hasSize(1);
    }
}
