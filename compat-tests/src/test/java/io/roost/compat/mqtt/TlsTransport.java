package io.roost.compat.mqtt;

import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import io.roost.compat.support.InProcessServers;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ConfigLoader.RawFlag;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import io.roost.server.listener.Listeners;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The two ways a device reaches Roost's MQTT over TLS, each with the listener that carries it, so
 * one acceptance test runs over both.
 */
enum TlsTransport {

    /** MQTT over TLS on the mqtts listener; the Azure SDKs dial 8883. */
    MQTTS(ListenerName.MQTTS, 8883, IotHubClientProtocol.MQTT),
    /** MQTT over secure WebSocket on the https listener; the Azure SDKs dial 443. */
    WSS(ListenerName.HTTPS, 443, IotHubClientProtocol.MQTT_WS);

    final ListenerName listener;
    /** The port the Azure device SDK dials; it cannot be told another. */
    final int sdkPort;
    final IotHubClientProtocol sdkProtocol;

    TlsTransport(ListenerName listener, int sdkPort, IotHubClientProtocol sdkProtocol) {
        this.listener = listener;
        this.sdkPort = sdkPort;
        this.sdkProtocol = sdkProtocol;
    }

    /**
     * This transport's listener on 127.0.0.1 at {@code port} (0 for a free one), the plain http
     * listener on a free port, and the other MQTT listeners off.
     */
    ServerConfig config(int port) {
        ListenerName other = this == MQTTS ? ListenerName.HTTPS : ListenerName.MQTTS;
        return ConfigLoader.load(Optional.empty(), Map.of(
                        "ROOST_LISTENERS_HTTP_PORT", "0",
                        "ROOST_LISTENERS_MQTT_ENABLED", "false",
                        "ROOST_LISTENERS_AMQP_ENABLED", "false",
                        "ROOST_LISTENERS_AMQPS_ENABLED", "false",
                        "ROOST_LISTENERS_" + other.key().toUpperCase(Locale.ROOT) + "_ENABLED", "false"),
                Map.of(listener.portKey(), new RawFlag("--" + listener.key() + "-port", String.valueOf(port)),
                        listener.bindAddressKey(), new RawFlag("--" + listener.key() + "-bind", "127.0.0.1")));
    }

    int port(RoostServer server) {
        return InProcessServers.port(server, listener);
    }

    /** The server URI as Paho takes it, as the Azure SDK builds it for its own Paho client. */
    String pahoUri(String host, int port) {
        return this == MQTTS ? "ssl://" + host + ":" + port
                : "wss://" + host + ":" + port + Listeners.WEBSOCKET_PATH + "?iothub-no-client-cert=true";
    }
}
