package io.roost.server.cli;

import io.roost.server.config.InvalidConfigException;
import io.roost.server.datadir.DataDirInUseException;
import io.roost.server.logging.ConsoleLogConfigurator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code roost} command line: {@code start} runs the server; {@code device ...},
 * {@code messages tail}, {@code c2d ...}, {@code feedback}, {@code ipfilter ...}, {@code ops}, {@code consumer-group ...}, {@code connection-string} and
 * {@code sas-token} are clients of a running server or of its data dir. Exit codes: 0 after a clean stop or a command done, 1 when the server cannot run (data dir
 * in use, port taken, disk error) or a client command fails, 2 for a usage or configuration
 * error. Expected failures print one line on stderr, never a stack trace. Not thread-safe; used
 * once by main.
 */
@Command(name = "roost", mixinStandardHelpOptions = true, versionProvider = RoostCli.Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Roost: a self-hosted IoT hub, wire-compatible with Azure IoT Hub.")
public final class RoostCli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("start")) {
            // Client commands print results on stdout; a log line (a warning) must not mix with them.
            System.setProperty(LOG_TARGET_PROPERTY, "System.err");
        }
        System.exit(run(System.getenv(), args));
    }

    /** Read by the log set-up: where the console log goes (System.out for the server). */
    static final String LOG_TARGET_PROPERTY = ConsoleLogConfigurator.LOG_TARGET_PROPERTY;

    /** Runs the command line with the given environment (the only place it is read) and returns the exit code. */
    static int run(Map<String, String> environment, String... args) {
        return commandLine(environment, Clock.systemUTC()).execute(args);
    }

    /**
     * The whole command line, for {@link #main} and for tests that run commands in-process with
     * their own output writers ({@code setOut}, {@code setErr}) and clock (token expiry).
     */
    public static CommandLine commandLine(Map<String, String> environment, Clock clock) {
        CommandLine device = new CommandLine(new DeviceCommand())
                .addSubcommand(new DeviceCreateCommand(clock))
                .addSubcommand(new DeviceGetCommand(clock))
                .addSubcommand(new DeviceListCommand(clock))
                .addSubcommand(new DeviceDeleteCommand(clock))
                .addSubcommand(new DeviceDisableCommand(clock))
                .addSubcommand(new DeviceEnableCommand(clock))
                .addSubcommand(new DeviceImportCommand(clock))
                .addSubcommand(new DeviceExportCommand(clock));
        return new CommandLine(new RoostCli())
                .addSubcommand(new StartCommand(environment))
                .addSubcommand(device)
                .addSubcommand(new CommandLine(new MessagesCommand()).addSubcommand(new MessagesTailCommand(clock)))
                .addSubcommand(new CommandLine(new C2dCommand())
                        .addSubcommand(new C2dSendCommand(clock))
                        .addSubcommand(new C2dPurgeCommand(clock)))
                .addSubcommand(new FeedbackCommand(clock))
                .addSubcommand(new CommandLine(new IpFilterCommand())
                        .addSubcommand(new IpFilterCommand.List(clock))
                        .addSubcommand(new IpFilterCommand.Set(clock))
                        .addSubcommand(new IpFilterCommand.Add(clock))
                        .addSubcommand(new IpFilterCommand.Remove(clock)))
                .addSubcommand(new OpsCommand(clock))
                .addSubcommand(new CommandLine(new ConsumerGroupCommand())
                        .addSubcommand(new ConsumerGroupCommand.List(clock))
                        .addSubcommand(new ConsumerGroupCommand.Create(clock))
                        .addSubcommand(new ConsumerGroupCommand.Delete(clock)))
                .addSubcommand(new ConnectionStringCommand())
                .addSubcommand(new SasTokenCommand(clock))
                .setParameterExceptionHandler(RoostCli::onUsageError)
                .setExecutionExceptionHandler(RoostCli::onFailure);
    }

    /** Without a subcommand there is nothing to do but explain. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    /** One line: what is wrong and where the usage is; picocli would print the whole usage. */
    private static int onUsageError(ParameterException failure, String[] args) {
        CommandLine command = failure.getCommandLine();
        command.getErr().println("roost: " + failure.getMessage() + " (see '"
                + command.getCommandSpec().qualifiedName() + " --help')");
        command.getErr().flush();
        return ExitCode.USAGE;
    }

    private static int onFailure(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (failure instanceof CliException) {
            err.println("roost: " + failure.getMessage());
            err.flush();
            return ExitCode.SOFTWARE;
        }
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
