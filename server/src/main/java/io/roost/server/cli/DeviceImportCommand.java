package io.roost.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code roost device import FILE}: sends a JSON lines file in IoT Hub's import format as it is,
 * prints a summary ({@code 3 lines: 2 created, 1 failed}) on stdout and each failed line on
 * stderr, and exits 1 when any line failed. A failed line changed nothing; the others applied.
 * Not thread-safe.
 */
@Command(name = "import", description = "Import devices from a JSON lines file (IoT Hub's import format).")
final class DeviceImportCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Parameters(paramLabel = "FILE", description = "one device per line: {\"id\":\"dev1\",\"importMode\":\"create\",...}")
    Path file;

    private final Clock clock;

    DeviceImportCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CliException("cannot read " + file + ": no such readable file");
        }
        String results = server.client(clock).importDevices(file);
        Map<String, Integer> counts = new TreeMap<>();
        int lines = 0;
        int failed = 0;
        PrintWriter err = spec.commandLine().getErr();
        for (String line : results.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            lines++;
            JsonNode result = JSON.readTree(line);
            if (result.hasNonNull("errorCode")) {
                failed++;
                err.println("line " + result.path("line").asText() + " (" + result.path("id").asText("?") + "): "
                        + result.path("errorCode").asText() + ": " + result.path("errorStatus").asText());
            } else {
                counts.merge(result.path("result").asText("applied"), 1, Integer::sum);
            }
        }
        StringBuilder summary = new StringBuilder().append(lines).append(lines == 1 ? " line" : " lines");
        String separator = ": ";
        for (Map.Entry<String, Integer> count : counts.entrySet()) {
            summary.append(separator).append(count.getValue()).append(' ').append(count.getKey());
            separator = ", ";
        }
        summary.append(separator).append(failed).append(" failed");
        spec.commandLine().getOut().println(summary);
        err.flush();
        return failed == 0 ? ExitCode.OK : ExitCode.SOFTWARE;
    }
}
