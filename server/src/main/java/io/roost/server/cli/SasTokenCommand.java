package io.roost.server.cli;

import io.roost.registry.sas.SasTokens;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code roost sas-token (--device ID | --policy NAME) [--ttl 1h]}: prints a SAS token, the whole
 * {@code SharedAccessSignature ...} text, ready for an {@code Authorization} header. A device token
 * needs the server (for the device's primary key) and names {@code {host}/devices/{id}} with the
 * host the device SDKs use; a policy token is made locally and names the hub. Not thread-safe.
 */
@Command(name = "sas-token", description = "Print a SAS token for a device or a shared access policy.")
final class SasTokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server = new ServerOptions();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Subject subject;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h", converter = Ttl.class,
            description = "how long the token is valid: 30s, 15m, 1h, 7d or ISO-8601 such as PT1H (default 1h)")
    Duration ttl;

    private final Clock clock;

    SasTokenCommand(Clock clock) {
        this.clock = clock;
    }

    static final class Subject {
        @Option(names = "--device", paramLabel = "ID", required = true,
                description = "a device token, signed with the device's primary key (fetched from the server)")
        String deviceId;

        @Option(names = "--policy", paramLabel = "NAME", required = true,
                description = "a policy token for the hub, signed with the policy's key (local)")
        String policy;
    }

    @Override
    public Integer call() {
        HubKeys keys = server.keys();
        String token;
        if (subject.policy != null) {
            token = keys.policyToken(subject.policy, clock.instant(), ttl);
        } else {
            String key = server.client(clock).get(subject.deviceId).at("/authentication/symmetricKey/primaryKey").asText("");
            if (key.isEmpty()) {
                throw new CliException("device " + subject.deviceId + " has no symmetric key (it authenticates with X.509)");
            }
            String resource = SasTokens.deviceResource(keys.connectionStrings().deviceHostName(), subject.deviceId);
            token = SasTokens.sign(resource, key, clock.instant().plus(ttl), null);
        }
        spec.commandLine().getOut().println(token);
        return ExitCode.OK;
    }
}
