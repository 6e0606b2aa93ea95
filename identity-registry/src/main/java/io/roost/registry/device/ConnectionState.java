package io.roost.registry.device;

/**
 * Whether the device has a live connection. Runtime state owned by the protocol sessions, not
 * stored by the registry: the store always returns {@link #DISCONNECTED} and the server overlays
 * the live value with {@link Device#withConnection}.
 */
public enum ConnectionState {
    CONNECTED("Connected"),
    DISCONNECTED("Disconnected");

    private final String json;

    ConnectionState(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }
}
