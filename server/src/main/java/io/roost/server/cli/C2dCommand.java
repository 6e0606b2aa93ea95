package io.roost.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code roost c2d}: the group of cloud-to-device commands; alone it prints their usage. Not thread-safe. */
@Command(name = "c2d", description = "Send cloud-to-device messages through a running server, or purge a device's queue.")
final class C2dCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }
}
