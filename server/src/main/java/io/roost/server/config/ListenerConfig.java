package io.roost.server.config;

/**
 * Where one listener binds. Port 0 asks the OS for a free port. Immutable.
 *
 * @param bindAddress an IP address literal; {@code 0.0.0.0} means every interface
 * @param portConfigured true when the operator chose the port, false when it is the default: a
 *     listener that cannot have its default port may be skipped (see
 *     {@link ListenerName#optionalOnDefaultPort()}), one that cannot have a chosen port stops start-up
 */
public record ListenerConfig(ListenerName name, int port, String bindAddress, boolean enabled, boolean portConfigured) {
}
