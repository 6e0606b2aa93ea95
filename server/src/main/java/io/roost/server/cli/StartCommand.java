package io.roost.server.cli;

import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import io.roost.server.lifecycle.ShutdownSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code roost start}: loads the configuration, starts the server and serves until SIGTERM or
 * SIGINT, then stops it and returns 0. Not thread-safe; picocli calls it once on the main thread.
 */
@Command(name = "start", description = "Start a Roost server and serve until stopped (SIGTERM or Ctrl-C).")
final class StartCommand implements Callable<Integer> {

    /** Supervisors (systemd, Docker) wait about 10 s before SIGKILL; stay well inside that. */
    static final Duration STOP_BUDGET = Duration.ofSeconds(5);

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
            description = "where the hub keeps its state (default ./data)")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "a roost.yaml file")
    Path configFile;

    @Mixin
    ListenerOptions listenerOptions = new ListenerOptions();

    private final Map<String, String> environment;

    StartCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config = ConfigLoader.load(Optional.ofNullable(configFile), environment, listenerOptions.byKey());
        ShutdownSignal shutdown = ShutdownSignal.install();
        RoostServer server = new RoostServer(config, dataDir);
        // A backstop for exits that bypass the signal handlers (SIGHUP, -Xrs): still stop cleanly.
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "roost-shutdown-hook"));
        server.start();
        // On the terminal (or `docker logs`) only, not through the logger: log files and shippers
        // must not carry the owner key.
        System.out.println("owner connection string: " + server.ownerConnectionString());
        System.out.flush();
        shutdown.await();
        return stop(server);
    }

    /** Stops within the budget, or gives up so that a stuck component cannot keep the process alive. */
    private static int stop(RoostServer server) throws InterruptedException {
        Thread stopper = new Thread(server::close, "roost-stop");
        stopper.start();
        stopper.join(STOP_BUDGET.toMillis());
        if (stopper.isAlive()) {
            System.err.println("Roost did not stop within " + STOP_BUDGET.toSeconds() + " s; exiting anyway");
            return ExitCode.SOFTWARE;
        }
        return ExitCode.OK;
    }
}
