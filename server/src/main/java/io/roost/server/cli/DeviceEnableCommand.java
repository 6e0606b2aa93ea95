package io.roost.server.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roost device enable ID}: clears the status reason; prints {@code ID<TAB>enabled}. Not thread-safe. */
@Command(name = "enable", description = "Enable a device again.")
final class DeviceEnableCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Parameters(paramLabel = "ID", description = "the device id")
    String deviceId;

    private final Clock clock;

    DeviceEnableCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        StatusChange.apply(server.client(clock), deviceId, "enabled", null);
        spec.commandLine().getOut().println(deviceId + "\tenabled");
        return ExitCode.OK;
    }
}
