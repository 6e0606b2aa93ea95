package io.roost.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code roost device export [--include-keys] [--output FILE]}: every device as a JSON line, to
 * stdout or a file. A new file that will hold keys is created owner-only ({@code rw-------}), as
 * {@code hub.json} is. Not thread-safe.
 */
@Command(name = "export", description = "Export every device as JSON lines (IoT Hub's import format).")
final class DeviceExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Option(names = "--include-keys", description = "include the devices' keys (default: keys are null)")
    boolean includeKeys;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of stdout")
    Path output;

    private final Clock clock;

    DeviceExportCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        RegistryClient client = server.client(clock);
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            try (InputStream in = client.export(includeKeys);
                 BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                lines.lines().forEach(out::println);
            }
            out.flush();
            return ExitCode.OK;
        }
        long bytes;
        try (InputStream in = client.export(includeKeys); OutputStream file = open(output)) {
            bytes = in.transferTo(file);
        } catch (IOException e) {
            throw new CliException("cannot write " + output + ": " + e.getMessage());
        }
        spec.commandLine().getOut().println("exported " + bytes + " bytes to " + output);
        return ExitCode.OK;
    }

    private OutputStream open(Path file) throws IOException {
        if (includeKeys && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                // Overwritten below with the permissions its owner gave it.
            }
        }
        return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }
}
