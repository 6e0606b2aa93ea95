package io.roost.server.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code roost device delete ID}: deletes the device, whatever its etag; prints nothing. Not thread-safe. */
@Command(name = "delete", description = "Delete a device; its live connections are closed.")
final class DeviceDeleteCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server = new ServerOptions();

    @Parameters(paramLabel = "ID", description = "the device id")
    String deviceId;

    private final Clock clock;

    DeviceDeleteCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        server.client(clock).delete(deviceId);
        return ExitCode.OK;
    }
}
