package io.roost.registry.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub itself: its host name, its hub name and its shared access policies with their keys.
 * Created once per data dir ({@link #loadOrCreate}) and kept in {@code {data-dir}/hub.json} by
 * {@link HubIdentityFile}. Immutable; thread-safe.
 *
 * <p>The host name comes from configuration on every start, and the file is updated to it so
 * that tools reading the data dir sign tokens for the host the server accepts; the hub name is derived from it: the first label of a dotted
 * host name, as the Azure SDKs derive it, else {@value #DEFAULT_HUB_NAME}.
 */
public final class HubIdentity {

    public static final String FILE_NAME = "hub.json";
    public static final String DEFAULT_HUB_NAME = "roost";
    public static final String OWNER_POLICY = "iothubowner";

    private static final Logger LOG = LoggerFactory.getLogger(HubIdentity.class);

    private final String hostName;
    private final List<SharedAccessPolicy> policies;

    public HubIdentity(String hostName, List<SharedAccessPolicy> policies) {
        if (hostName == null || hostName.isBlank()) {
            throw new IllegalArgumentException("hostName is required");
        }
        this.hostName = hostName;
        this.policies = List.copyOf(policies);
    }

    /**
     * Loads {@code {dataDir}/hub.json}, or creates it with the five default policies and fresh
     * random keys when it does not exist. Blocking file I/O: call at start-up, not on an event loop.
     *
     * @throws IOException when the file cannot be read, parsed or written
     */
    public static HubIdentity loadOrCreate(Path dataDir, String hostName) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            HubIdentity stored = HubIdentityFile.read(file);
            HubIdentity current = new HubIdentity(hostName, stored.policies);
            if (!stored.hostName.equals(hostName)) {
                // Tools that read the data dir (the CLI) sign tokens for the host recorded here.
                HubIdentityFile.write(file, current);
                LOG.info("Host name is now {} (it was {}); hub.json updated, keys unchanged",
                        hostName, stored.hostName);
            }
            return current;
        }
        Files.createDirectories(dataDir);
        HubIdentity created = new HubIdentity(hostName, defaultPolicies());
        HubIdentityFile.write(file, created);
        LOG.info("Created hub {} with the default shared access policies in {}", hostName, file);
        return created;
    }

    /**
     * Loads {@code {dataDir}/hub.json} as it was written, with the host name recorded in it; empty
     * when the data dir holds no hub. Never creates or changes anything: for tools (the CLI) that
     * must not make a hub as a side effect. Blocking file I/O.
     *
     * @throws IOException when the file exists but cannot be read or parsed
     */
    public static Optional<HubIdentity> load(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(HubIdentityFile.read(file));
    }

    /** IoT Hub's five default policies, each with two fresh 256-bit keys. */
    public static List<SharedAccessPolicy> defaultPolicies() {
        return List.of(
                SharedAccessPolicy.generate(OWNER_POLICY, EnumSet.allOf(Permission.class)),
                SharedAccessPolicy.generate("service", EnumSet.of(Permission.SERVICE_CONNECT)),
                SharedAccessPolicy.generate("device", EnumSet.of(Permission.DEVICE_CONNECT)),
                SharedAccessPolicy.generate("registryRead", EnumSet.of(Permission.REGISTRY_READ)),
                SharedAccessPolicy.generate("registryReadWrite",
                        EnumSet.of(Permission.REGISTRY_READ, Permission.REGISTRY_WRITE)));
    }

    public String hostName() {
        return hostName;
    }

    public String hubName() {
        int dot = hostName.indexOf('.');
        return dot > 0 ? hostName.substring(0, dot).toLowerCase(Locale.ROOT) : DEFAULT_HUB_NAME;
    }

    public List<SharedAccessPolicy> policies() {
        return policies;
    }

    /** The policy of that name; names are case-sensitive, as in IoT Hub. */
    public Optional<SharedAccessPolicy> policy(String name) {
        return policies.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public ConnectionStrings connectionStrings() {
        return new ConnectionStrings(hostName, hubName());
    }

    /** The {@code iothubowner} connection string the banner prints. */
    public String ownerConnectionString() {
        return connectionStrings().forPolicy(policy(OWNER_POLICY).orElseThrow(
                () -> new IllegalStateException("hub has no " + OWNER_POLICY + " policy")));
    }
}
