package io.roost.registry.policy;

import java.util.List;
import java.util.Locale;

/**
 * The one place that decides which host names appear in printed connection strings and which
 * host names a SAS token's {@code sr} may carry (design.md section 6). Immutable; thread-safe.
 *
 * <p>The scheme. Let {@code hostName} be the configured name that clients dial (default
 * {@code localhost}).
 * <ul>
 *   <li>If {@code hostName} contains a dot (a real DNS name such as {@code iot.example.com}), every
 *       string uses {@code HostName={hostName}} and nothing else: the Azure SDKs are happy and the
 *       hub name is its first label, as on Azure.</li>
 *   <li>Otherwise the Java device SDK would refuse {@code HostName={hostName}} (it takes the hub
 *       name from the text before the first dot and requires one). Device strings then name a
 *       <em>virtual</em> host {@code {hubName}.{hostName}} (e.g. {@code roost.localhost}) and add
 *       {@code GatewayHostName={hostName}}: the SDK dials (and checks the certificate of) the
 *       gateway, while its MQTT user name and token {@code sr} carry the virtual host. The virtual
 *       name is never resolved; were it resolved, {@code *.localhost} is loopback by RFC 6761.</li>
 *   <li>Service (policy) strings keep {@code HostName={hostName}}: the service SDK accepts a name
 *       without a dot but ignores {@code GatewayHostName}, so it must be given the real name.</li>
 * </ul>
 * Hence the server accepts a token whose {@code sr} host is either {@code hostName} or the virtual
 * host, compared case-insensitively: {@link #acceptedHosts()}.
 */
public final class ConnectionStrings {

    private final String hostName;
    private final String hubName;

    public ConnectionStrings(String hostName, String hubName) {
        this.hostName = hostName;
        this.hubName = hubName;
    }

    /** The host name devices put in {@code HostName}, {@code sr} and the MQTT user name. */
    public String deviceHostName() {
        return needsGateway() ? hubName + "." + hostName : hostName;
    }

    /** The host name service clients use. */
    public String serviceHostName() {
        return hostName;
    }

    /** Every host a token's {@code sr} may name, lower case; compare case-insensitively. */
    public List<String> acceptedHosts() {
        String h = hostName.toLowerCase(Locale.ROOT);
        return needsGateway() ? List.of(h, deviceHostName().toLowerCase(Locale.ROOT)) : List.of(h);
    }

    /** {@code HostName=...;DeviceId=...;SharedAccessKey=...[;GatewayHostName=...]}. */
    public String forDevice(String deviceId, String deviceKey) {
        String s = "HostName=" + deviceHostName() + ";DeviceId=" + deviceId + ";SharedAccessKey=" + deviceKey;
        return needsGateway() ? s + ";GatewayHostName=" + hostName : s;
    }

    /** {@code HostName=...;SharedAccessKeyName=...;SharedAccessKey=...} with the primary key. */
    public String forPolicy(SharedAccessPolicy policy) {
        return "HostName=" + serviceHostName() + ";SharedAccessKeyName=" + policy.name()
                + ";SharedAccessKey=" + policy.primaryKey();
    }

    /**
     * The Event Hubs-compatible endpoint's string, as an Event Hubs client takes it:
     * {@code Endpoint=sb://{host}/;SharedAccessKeyName=...;SharedAccessKey=...;EntityPath={hubName}}
     * with the primary key. With {@code developmentEmulator}, {@code ;UseDevelopmentEmulator=true}
     * follows: the Event Hubs client (5.18.5 and later) then speaks plain AMQP to port 5672 of the
     * host, which is Roost's plain AMQP listener when the host name resolves to its bind address.
     */
    public String forEventHub(SharedAccessPolicy policy, boolean developmentEmulator) {
        String s = "Endpoint=sb://" + serviceHostName() + "/;SharedAccessKeyName=" + policy.name()
                + ";SharedAccessKey=" + policy.primaryKey() + ";EntityPath=" + hubName;
        return developmentEmulator ? s + ";UseDevelopmentEmulator=true" : s;
    }

    private boolean needsGateway() {
        return hostName.indexOf('.') < 0;
    }
}
