package io.roost.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and one-line errors of the command line, for failures that happen before serving. */
class RoostCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    @Test
    void run_whenNoArguments_thenUsageAndExit2() {
        int code = RoostCli.run(Map.of());

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains("Usage: roost", "start");
    }

    @Test
    void run_whenInvalidEnvironmentValue_thenOneLineAndExit2() {
        int code = RoostCli.run(Map.of("ROOST_D2C_PARTITIONS", "40"), "start", "--data-dir", dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).isEqualTo("invalid configuration: d2c.partitions must be between 2 and 32, was 40"
                + " (from environment variable ROOST_D2C_PARTITIONS)" + System.lineSeparator());
    }

    @Test
    void run_whenInvalidYaml_thenOneLineAndExit2AndDataDirUntouched() throws Exception {
        Path yaml = Files.writeString(dir.resolve("roost.yaml"), "d2c:\n  retentionDays: 9\n");
        Path dataDir = dir.resolve("data");

        int code = RoostCli.run(Map.of(), "start", "--data-dir", dataDir.toString(), "--config", yaml.toString());

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).startsWith("invalid configuration: d2c.retentionDays must be between 1 and 7, was 9").hasLineCount(1);
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void run_whenInvalidC2dTtl_thenOneLineNamingTheKeyAndExit2AndDataDirUntouched() throws Exception {
        Path yaml = Files.writeString(dir.resolve("roost.yaml"), "c2d:\n  defaultTtl: 2 hours\n");
        Path dataDir = dir.resolve("data");

        int code = RoostCli.run(Map.of(), "start", "--data-dir", dataDir.toString(), "--config", yaml.toString());

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).startsWith("invalid configuration: c2d.defaultTtl must be an ISO-8601 duration from PT1S to"
                + " PT48H such as PT1H, was 2 hours").hasLineCount(1);
        assertThat(dataDir).doesNotExist();
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
