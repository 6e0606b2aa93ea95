package io.roost.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code roost ipfilter ...} against an in-process server found through {@code endpoints.json}. */
class IpFilterCommandsEndToEndTest {

    private static final ServerConfig EPHEMERAL_HTTP = HttpOnlyServer.config(Map.of("ROOST_IPFILTER_RULES", "block-lab:reject:127.0.0.2/32"));

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
    void listAddRemove_whenEditingTheRules_thenOrderIsKept() throws Exception {
        assertThat(roost("ipfilter", "list").out()).isEqualTo("block-lab reject 127.0.0.2/32\n");

        CliRun added = roost("ipfilter", "add", "office", "accept", "127.0.0.2", "--position", "1");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).isEqualTo("office accept 127.0.0.2/32\nblock-lab reject 127.0.0.2/32\n");
        assertThat(roost("ipfilter", "add", "v6", "reject", "2001:db8::/32").out()).endsWith("v6 reject 2001:db8::/32\n");

        CliRun removed = roost("ipfilter", "remove", "office");
        assertThat(removed.out()).isEqualTo("block-lab reject 127.0.0.2/32\nv6 reject 2001:db8::/32\n");
    }

    @Test
    void set_whenFileGiven_thenReplacesEverythingAndEmptyAcceptsAll() throws Exception {
        Path file = Files.writeString(dataDir.resolve("rules.json"),
                "[{\"name\":\"lab\",\"action\":\"reject\",\"cidr\":\"10.0.0.0/8\"}]");
        assertThat(roost("ipfilter", "set", file.toString()).out()).isEqualTo("lab reject 10.0.0.0/8\n");

        Files.writeString(file, "[]");
        CliRun emptied = roost("ipfilter", "set", file.toString());
        assertThat(emptied.out()).isEmpty();
        assertThat(emptied.err()).contains("every address is accepted");
    }

    @Test
    void failures_whenRuleBadOrMissing_thenOneLineAndNothingChanged() throws Exception {
        CliRun bad = roost("ipfilter", "add", "x", "reject", "10.0.0.1/8");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("did you mean 10.0.0.0/8").doesNotContain("\tat ");

        CliRun duplicate = roost("ipfilter", "add", "block-lab", "accept", "10.0.0.0/8");
        assertThat(duplicate.exitCode()).isEqualTo(1);
        assertThat(duplicate.err()).contains("used by an earlier rule");

        CliRun missing = roost("ipfilter", "remove", "nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("roost: no IP filter rule named nope");

        Path file = Files.writeString(dataDir.resolve("bad.json"), "[{\"name\":\"a\",\"action\":\"block\",\"cidr\":\"::/0\"}]");
        CliRun badFile = roost("ipfilter", "set", file.toString());
        assertThat(badFile.exitCode()).isEqualTo(1);
        assertThat(badFile.err()).contains("rule 1 (a): action must be accept or reject");

        assertThat(roost("ipfilter", "list").out()).isEqualTo("block-lab reject 127.0.0.2/32\n");
    }
}
