package io.roost.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roost device get ID}: prints the device as pretty JSON, keys included. Not thread-safe. */
@Command(name = "get", description = "Print a device as JSON (with its keys).")
final class DeviceGetCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Parameters(paramLabel = "ID", description = "the device id")
    String deviceId;

    private final Clock clock;

    DeviceGetCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        spec.commandLine().getOut().println(
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(server.client(clock).get(deviceId)));
        return ExitCode.OK;
    }
}
