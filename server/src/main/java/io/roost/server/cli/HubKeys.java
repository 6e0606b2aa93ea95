package io.roost.server.cli;

import io.roost.registry.policy.ConnectionStrings;
import io.roost.registry.policy.HubIdentity;
import io.roost.registry.policy.ServiceConnectionString;
import io.roost.registry.policy.SharedAccessPolicy;
import io.roost.registry.sas.SasTokens;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The hub's host name and the policy keys a command may sign with: every policy of
 * {@code {data-dir}/hub.json}, or the one policy of a service connection string. The CLI only
 * reads hub.json, never creates it. Immutable.
 *
 * @param hub the host name and the known policies (from a connection string: one, its rights unknown)
 * @param origin where the keys came from, for messages ({@code ./data/hub.json}, {@code the connection string})
 * @param defaultPolicy the policy that signs registry requests
 */
record HubKeys(HubIdentity hub, String origin, String defaultPolicy) {

    /** Reads {@code {dataDir}/hub.json}; fails with one line when there is none or it cannot be read. */
    static HubKeys fromDataDir(Path dataDir) {
        Path file = dataDir.resolve(HubIdentity.FILE_NAME);
        Optional<HubIdentity> hub;
        try {
            hub = HubIdentity.load(dataDir);
        } catch (AccessDeniedException e) {
            throw new CliException("cannot read " + file + ": permission denied (it holds the hub's keys;"
                    + " run as the user that runs the server)");
        } catch (IOException | RuntimeException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
        return new HubKeys(hub.orElseThrow(() -> new CliException("no hub in " + dataDir
                + ": start the server once with ./roost start, or pass --connection-string")),
                file.toString(), HubIdentity.OWNER_POLICY);
    }

    /**
     * Parses {@code HostName=...;SharedAccessKeyName=...;SharedAccessKey=...}, as IoT Hub prints
     * it; field names ignore case, other fields are ignored.
     *
     * @throws IllegalArgumentException naming what is missing or invalid
     */
    static HubKeys fromConnectionString(String connectionString) {
        ServiceConnectionString parsed = ServiceConnectionString.parse(connectionString);
        return new HubKeys(parsed.hub(), "the connection string", parsed.policyName());
    }

    String hostName() {
        return hub.hostName();
    }

    ConnectionStrings connectionStrings() {
        return hub.connectionStrings();
    }

    SharedAccessPolicy policy(String name) {
        return hub.policy(name).orElseThrow(() -> new CliException("no policy " + name + " in " + origin));
    }

    /** A policy token for the whole hub ({@code sr} = host name), valid for {@code ttl} from {@code now}. */
    String policyToken(String policyName, Instant now, Duration ttl) {
        return SasTokens.sign(hostName(), policy(policyName).primaryKey(), now.plus(ttl), policyName);
    }
}
