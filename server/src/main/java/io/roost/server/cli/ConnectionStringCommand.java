package io.roost.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code roost connection-string [--policy NAME] [--eventhub [--emulator]]}: prints a shared access
 * policy's service connection string from {@code hub.json}, or with {@code --eventhub} the Event
 * Hubs-compatible endpoint's string (policy {@code service} unless given); no server needed.
 * Not thread-safe.
 */
@Command(name = "connection-string", description = "Print the service connection string of a shared access policy.")
final class ConnectionStringCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HubOptions hub = new HubOptions();

    @Option(names = "--policy", paramLabel = "NAME",
            description = "the policy (default iothubowner, or service with --eventhub; also device, registryRead,"
                    + " registryReadWrite)")
    String policy;

    @Option(names = "--eventhub", description = "print the Event Hubs-compatible endpoint's connection string"
            + " (Endpoint=sb://...;EntityPath=...) for Event Hubs clients")
    boolean eventHub;

    @Option(names = "--emulator", description = "with --eventhub: add UseDevelopmentEmulator=true, so the Event Hubs"
            + " client (5.18.5+) speaks plain AMQP to port 5672 (the plain AMQP listener) instead of TLS to 5671")
    boolean emulator;

    @Override
    public Integer call() {
        HubKeys keys = hub.keys();
        if (emulator && !eventHub) {
            throw new CliException("--emulator goes with --eventhub");
        }
        String text = eventHub
                ? keys.connectionStrings().forEventHub(keys.policy(policy == null ? "service" : policy), emulator)
                : keys.connectionStrings().forPolicy(keys.policy(policy == null ? "iothubowner" : policy));
        spec.commandLine().getOut().println(text);
        return ExitCode.OK;
    }
}
