package io.roost.server.cli;

import io.roost.server.config.InvalidConfigException;
import io.roost.server.datadir.DataDirInUseException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code roost} command line. Exit codes: 0 after a clean stop, 1 when the server cannot run
 * (data dir in use, port taken, disk error), 2 for a usage or configuration error. Expected
 * failures print one line on stderr, never a stack trace. Not thread-safe; used once by main.
 */
@Command(name = "roost", mixinStandardHelpOptions = true, versionProvider = RoostCli.Version.class,
        description = "Roost: a self-hosted IoT hub, wire-compatible with Azure IoT Hub.")
public final class RoostCli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(System.getenv(), args));
    }

    /** Runs the command line with the given environment (the only place it is read) and returns the exit code. */
    static int run(Map<String, String> environment, String... args) {
        return new CommandLine(new RoostCli())
                .addSubcommand(new StartCommand(environment))
                .setExecutionExceptionHandler(RoostCli::onFailure)
                .execute(args);
    }

    /** Without a subcommand there is nothing to do but explain. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    private static int onFailure(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (failure instanceof InvalidConfigException) {
            err.println("invalid configuration: " + failure.getMessage());
            return ExitCode.USAGE;
        }
        if (failure instanceof DataDirInUseException) {
            err.println(failure.getMessage());
            return ExitCode.SOFTWARE;
        }
        if (failure instanceof UncheckedIOException || failure instanceof IOException) {
            err.println("cannot start Roost: " + failure.getMessage());
            return ExitCode.SOFTWARE;
        }
        err.println("Roost failed unexpectedly: " + failure);
        failure.printStackTrace(err);
        return ExitCode.SOFTWARE;
    }

    /** The version from the jar's manifest; "development" when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RoostCli.class.getPackage().getImplementationVersion();
            return new String[] {"Roost " + (version == null ? "development" : version)};
        }
    }
}
