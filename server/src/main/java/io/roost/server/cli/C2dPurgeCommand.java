package io.roost.server.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code roost c2d purge DEVICE}: empties the device's queue through {@code DELETE
 * /devices/{id}/commands} and prints IoT Hub's {@code {"deviceId","totalMessagesPurged"}} as one
 * JSON line. Not thread-safe.
 */
@Command(name = "purge", description = "Remove every message waiting in a device's queue; prints how many as JSON.")
final class C2dPurgeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Parameters(paramLabel = "DEVICE", description = "the device id")
    String deviceId;

    private final Clock clock;

    C2dPurgeCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(new C2dClient(server.client(clock)).purge(deviceId));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
