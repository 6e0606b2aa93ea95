package io.roost.server.config;

import io.roost.core.ipfilter.IpFilterRules;
import io.roost.core.throttle.ThrottleSettings;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The validated configuration of one Roost server, after defaults, roost.yaml, environment and
 * flags were merged by {@link ConfigLoader}. Immutable and thread-safe.
 *
 * @param hostName the {@code HostName} of connection strings and the {@code sr} prefix of SAS tokens
 * @param c2d the cloud-to-device queues' limits
 * @param tls where the TLS listeners' certificate comes from
 * @param ipFilterRules the IP filter's rules from the configuration: in force until rules changed
 *     over the REST API are saved in the data dir, which then take precedence
 * @param operations where the operations log's JSON lines go
 * @param throttle the rate limits of devices, the hub and registry clients (throttle.* keys)
 */
public record ServerConfig(String hostName, D2cConfig d2c, C2dConfig c2d, Map<ListenerName, ListenerConfig> listeners,
        TlsConfig tls, IpFilterRules ipFilterRules, OperationsConfig operations, ThrottleSettings throttle) {

    public ServerConfig {
        listeners = Collections.unmodifiableMap(new EnumMap<>(listeners));
    }

    /** The same configuration with one listener replaced. */
    public ServerConfig withListener(ListenerConfig listener) {
        Map<ListenerName, ListenerConfig> changed = new EnumMap<>(listeners);
        changed.put(listener.name(), listener);
        return new ServerConfig(hostName, d2c, c2d, changed, tls, ipFilterRules, operations, throttle);
    }

    public ServerConfig withHostName(String otherHostName) {
        return new ServerConfig(otherHostName, d2c, c2d, listeners, tls, ipFilterRules, operations, throttle);
    }

    public ServerConfig withIpFilterRules(IpFilterRules rules) {
        return new ServerConfig(hostName, d2c, c2d, listeners, tls, rules, operations, throttle);
    }

    public ServerConfig withThrottle(ThrottleSettings otherThrottle) {
        return new ServerConfig(hostName, d2c, c2d, listeners, tls, ipFilterRules, operations, otherThrottle);
    }

    public ListenerConfig listener(ListenerName name) {
        return listeners.get(name);
    }

    /** Enabled listeners in the fixed order of {@link ListenerName}. */
    public List<ListenerConfig> enabledListeners() {
        return listeners.values().stream().filter(ListenerConfig::enabled).toList();
    }
}
