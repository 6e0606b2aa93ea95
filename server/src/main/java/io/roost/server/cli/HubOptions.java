package io.roost.server.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where a client command finds the hub's keys: {@code --data-dir} (its {@code hub.json}, default
 * {@code ./data}) or {@code --connection-string}, not both. Not thread-safe.
 */
final class HubOptions {

    static final Path DEFAULT_DATA_DIR = Path.of("./data");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "the server's data dir, for its hub.json and endpoints.json (default ./data)")
    Path dataDir;

    @Option(names = "--connection-string", paramLabel = "TEXT",
            description = "a service connection string (HostName=...;SharedAccessKeyName=...;SharedAccessKey=...)"
                    + " instead of the data dir")
    String connectionString;

    /** The data dir when the keys come from it; null with {@code --connection-string}. */
    Path dataDirOrNull() {
        checkExclusive();
        return connectionString == null ? (dataDir == null ? DEFAULT_DATA_DIR : dataDir) : null;
    }

    HubKeys keys() {
        checkExclusive();
        if (connectionString == null) {
            return HubKeys.fromDataDir(dataDirOrNull());
        }
        try {
            return HubKeys.fromConnectionString(connectionString);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "invalid --connection-string: " + e.getMessage());
        }
    }

    private void checkExclusive() {
        if (dataDir != null && connectionString != null) {
            throw new ParameterException(command.commandLine(),
                    "--data-dir and --connection-string are alternatives: give one");
        }
    }
}
