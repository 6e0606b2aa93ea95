package io.roost.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roost.registry.device.DeviceSpec;
import io.roost.server.lifecycle.RoostServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code roost ops} against an in-process server found through {@code endpoints.json}. */
class OpsCommandEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private RoostServer server;

    @BeforeEach
    void start() throws Exception {
        server = new RoostServer(HttpOnlyServer.config(), dataDir);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String[] withDataDir(String... args) {
        return HttpOnlyServer.withDataDir(dataDir, args);
    }

    @Test
    void ops_printsOneReadableLinePerMatchingEventAndExits() {
        server.registry().create(DeviceSpec.of("dev1")).join();
        server.registry().create(DeviceSpec.of("dev2")).join();
        await().atMost(WAIT).until(() -> server.operationsLog().durableSequence() >= 2);

        CliRun run = CliRun.of(withDataDir("ops", "--device", "dev1", "--category", "DeviceIdentityOperations"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.line()).matches("\\S+Z DeviceIdentityOperations CREATE Success 200 - dev1 -");
    }

    @Test
    void ops_whenTheServerRefusesAParameter_thenOneLineNamingIt() {
        CliRun run = CliRun.of(withDataDir("ops", "--category", "Nope"));

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("category must be one of");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void opsFollow_printsNewEventsAsTheyHappenUntilMax() {
        CompletableFuture<CliRun> following = CompletableFuture.supplyAsync(() ->
                CliRun.of(withDataDir("ops", "--follow", "--device", "dev3", "--max", "2")));
        // The stream starts with what exists (nothing of dev3): keep making events until it has seen two.
        server.registry().create(DeviceSpec.of("dev3")).join();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!following.isDone()) {
                server.registry().get("dev3").join();
            }
            return following.isDone();
        });

        CliRun run = following.join();
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip().split("\n")).hasSize(2)
                .allSatisfy(line -> assertThat(line).contains(" DeviceIdentityOperations ").contains(" dev3 "));
    }
}
