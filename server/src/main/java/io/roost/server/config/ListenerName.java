package io.roost.server.config;

import java.util.Locale;

/**
 * The listeners Roost knows, with their defaults. TLS listeners take the ports the Azure SDKs dial
 * (they cannot be given another) on every interface; plain ones are for local tools and bind
 * loopback only (design.md section 6).
 */
public enum ListenerName {
    MQTTS("mqtt", true, 8883),
    MQTT("mqtt", false, 1883),
    AMQPS("amqp", true, 5671),
    AMQP("amqp", false, 5672),
    HTTPS("http", true, 443),
    HTTP("http", false, 8080);

    public static final String ALL_INTERFACES = "0.0.0.0";
    public static final String LOOPBACK = "127.0.0.1";

    private final String protocol;
    private final boolean tls;
    private final int defaultPort;

    ListenerName(String protocol, boolean tls, int defaultPort) {
        this.protocol = protocol;
        this.tls = tls;
        this.defaultPort = defaultPort;
    }

    /** The name in keys, flags and endpoints.json: {@code mqtts}, {@code http}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String protocol() {
        return protocol;
    }

    public boolean tls() {
        return tls;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String defaultBindAddress() {
        return tls ? ALL_INTERFACES : LOOPBACK;
    }

    /**
     * Whether start-up goes on without this listener when its default port cannot be bound: https
     * (443 is below 1024, which an ordinary user cannot bind), mqtt/mqtts (1883 and 8883 are
     * often held by a local MQTT broker) and amqp/amqps (5672 and 5671: a local AMQP broker), so {@code ./roost start} works for an ordinary user on a
     * typical machine. A port the operator chose is always required.
     */
    public boolean optionalOnDefaultPort() {
        return this == HTTPS || this == MQTT || this == MQTTS || this == AMQP || this == AMQPS;
    }

    public String portKey() {
        return "listeners." + key() + ".port";
    }

    public String bindAddressKey() {
        return "listeners." + key() + ".bindAddress";
    }

    public String enabledKey() {
        return "listeners." + key() + ".enabled";
    }
}
