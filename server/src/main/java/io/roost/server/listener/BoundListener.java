package io.roost.server.listener;

import io.roost.server.config.ListenerName;
import java.net.InetSocketAddress;

/** A listener that is accepting connections, and where. Immutable. */
public record BoundListener(ListenerName name, InetSocketAddress address) {

    public String host() {
        return address.getAddress().getHostAddress();
    }

    public int port() {
        return address.getPort();
    }

    /** {@code http://127.0.0.1:8080}, with IPv6 hosts in brackets. */
    public String url() {
        String scheme = name.tls() ? name.protocol() + "s" : name.protocol();
        String host = host().contains(":") ? "[" + host() + "]" : host();
        return scheme + "://" + host + ":" + port();
    }

    /** The one-line start-up banner, e.g. {@code listener http  http://127.0.0.1:8080  (plain, loopback)}. */
    public String banner() {
        String reach = address.getAddress().isLoopbackAddress() ? "loopback"
                : address.getAddress().isAnyLocalAddress() ? "all interfaces" : "this address only";
        return String.format("listener %-5s  %s  (%s, %s)", name.key(), url(), name.tls() ? "TLS" : "plain", reach);
    }
}
