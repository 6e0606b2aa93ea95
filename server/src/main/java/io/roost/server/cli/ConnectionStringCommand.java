package io.roost.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code roost connection-string [--policy NAME]}: prints a shared access policy's service
 * connection string from {@code hub.json}; no server needed. Not thread-safe.
 */
@Command(name = "connection-string", description = "Print the service connection string of a shared access policy.")
final class ConnectionStringCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HubOptions hub = new HubOptions();

    @Option(names = "--policy", paramLabel = "NAME", defaultValue = "iothubowner",
            description = "the policy (default iothubowner; also service, device, registryRead, registryReadWrite)")
    String policy;

    // The Event Hubs-compatible endpoint's string (--eventhub) belongs here once that endpoint exists.

    @Override
    public Integer call() {
        HubKeys keys = hub.keys();
        spec.commandLine().getOut().println(keys.connectionStrings().forPolicy(keys.policy(policy)));
        return ExitCode.OK;
    }
}
