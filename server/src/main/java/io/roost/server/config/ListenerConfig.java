package io.roost.server.config;

/**
 * Where one listener binds. Port 0 asks the OS for a free port. Immutable.
 *
 * @param bindAddress an IP address literal; {@code 0.0.0.0} means every interface
 */
public record ListenerConfig(ListenerName name, int port, String bindAddress, boolean enabled) {
}
