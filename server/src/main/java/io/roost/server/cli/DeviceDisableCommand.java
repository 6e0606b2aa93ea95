package io.roost.server.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roost device disable ID [--reason TEXT]}: prints {@code ID<TAB>disabled}. Not thread-safe. */
@Command(name = "disable", description = "Disable a device: it cannot authenticate and its live connections are closed.")
final class DeviceDisableCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Parameters(paramLabel = "ID", description = "the device id")
    String deviceId;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why, stored as statusReason (up to 128 characters)")
    String reason;

    private final Clock clock;

    DeviceDisableCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        StatusChange.apply(server.client(clock), deviceId, "disabled", reason);
        spec.commandLine().getOut().println(deviceId + "\tdisabled");
        return ExitCode.OK;
    }
}
