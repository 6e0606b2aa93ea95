package io.roost.server.listener;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import io.roost.amqp.AmqpChannelInitializer;
import io.roost.amqp.AmqpEndpoint;
import io.roost.http.HealthRoute;
import io.roost.http.HttpChannelInitializer;
import io.roost.http.MetricsRoute;
import io.roost.http.Routes;
import io.roost.http.WebSocketRoute;
import io.roost.mqtt.MqttChannelInitializer;
import io.roost.mqtt.MqttEndpoint;
import io.roost.mqtt.MqttLimits;
import io.roost.server.config.ListenerConfig;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import io.roost.server.ipfilter.IpFilterGate;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds every enabled listener this version implements and reports the others as not available
 * yet. Closing closes every listener bound, in reverse. Not thread-safe: used by the server's
 * lifecycle thread.
 *
 * <p>A listener that cannot bind stops start-up with one line naming it, the address and the fix;
 * except https, mqtt, mqtts, amqp and amqps on their default ports (443 needs privilege, 1883, 8883,
 * 5672 and 5671 are often taken by a local broker): then start-up goes on without it after a warning
 * with the same line (see {@link ListenerName#optionalOnDefaultPort()}).
 *
 * <p>The https listener also carries MQTT over WebSocket at {@value #WEBSOCKET_PATH} (subprotocol
 * {@value #MQTT_SUBPROTOCOL}) and AMQP over WebSocket on the same path (subprotocol
 * {@code AMQPWSB10}), as IoT Hub does on 443, whether or not the MQTT and AMQP listeners
 * are enabled: a device behind a firewall that only lets 443 out still connects.
 */
public final class Listeners implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private static final int FIRST_UNPRIVILEGED_PORT = 1024;

    /** IoT Hub's WebSocket path; the Azure SDKs add {@code ?iothub-no-client-cert=true}, which is ignored. */
    public static final String WEBSOCKET_PATH = "/$iothub/websocket";
    /** The subprotocol of MQTT over WebSocket (MQTT 3.1.1 section 6); AMQP's is {@code AMQPWSB10}. */
    public static final String MQTT_SUBPROTOCOL = "mqtt";

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<BoundListener> bound = new ArrayList<>();
    private final IpFilterGate ipFilter;

    private Listeners(IpFilterGate ipFilter) {
        this.ipFilter = ipFilter;
    }

    /**
     * @param sslContext the server context of the TLS listeners
     * @param mqtt what the mqtt and mqtts listeners and MQTT over WebSocket on https share (registry,
     *     log, device sessions), or null to serve no MQTT
     * @param amqp what the amqp and amqps listeners share, or null to serve no AMQP
     * @param serviceRoutes adds the authenticated service API (registry, ...) that both the
     *     loopback http and the https listener serve
     * @throws UncheckedIOException naming the listener and address when a bind fails; listeners
     *     bound before stay open until {@link #close()}
     */
    public static Listeners bind(ServerConfig config, EventLoops loops, SslContext sslContext, MqttEndpoint mqtt,
            AmqpEndpoint amqp, BooleanSupplier ready,
            Supplier<String> scrape, Consumer<Routes.Builder> serviceRoutes) throws InterruptedException {
        return bind(config, loops, sslContext, mqtt, amqp, ready, scrape, serviceRoutes, null);
    }

    /**
     * As {@link #bind(ServerConfig, EventLoops, SslContext, MqttEndpoint, AmqpEndpoint, BooleanSupplier, Supplier, Consumer)},
     * with every listener's connections first checked by {@code ipFilter} (null: none).
     */
    public static Listeners bind(ServerConfig config, EventLoops loops, SslContext sslContext, MqttEndpoint mqtt,
            AmqpEndpoint amqp, BooleanSupplier ready, Supplier<String> scrape, Consumer<Routes.Builder> serviceRoutes,
            IpFilterGate ipFilter) throws InterruptedException {
        Listeners listeners = new Listeners(ipFilter);
        Routes.Builder plain = Routes.builder()
                .get(HealthRoute.PATH, new HealthRoute(ready))
                .get(MetricsRoute.PATH, new MetricsRoute(scrape));
        serviceRoutes.accept(plain);
        Routes plainRoutes = plain.build();
        // https listens on every interface by default and /metrics has no authentication, so the
        // scrape stays on the loopback http listener; load balancers still get /health.
        Routes.Builder tls = Routes.builder()
                .get(HealthRoute.PATH, new HealthRoute(ready));
        serviceRoutes.accept(tls);
        Routes tlsRoutes = tls.build();
        List<WebSocketRoute> webSockets = webSocketRoutes(mqtt, amqp);
        try {
            for (ListenerConfig listener : config.enabledListeners()) {
                if (listener.name() == ListenerName.HTTP) {
                    listeners.bindHttp(listener, loops, plainRoutes, null, List.of());
                } else if (listener.name() == ListenerName.HTTPS) {
                    listeners.bindHttp(listener, loops, tlsRoutes, sslContext, webSockets);
                } else if (listener.name() == ListenerName.MQTT) {
                    listeners.bindMqtt(listener, loops, mqtt, null);
                } else if (listener.name() == ListenerName.MQTTS) {
                    listeners.bindMqtt(listener, loops, mqtt, sslContext);
                } else if (listener.name() == ListenerName.AMQP || listener.name() == ListenerName.AMQPS) {
                    listeners.bindAmqp(listener, loops, amqp, listener.name().tls() ? sslContext : null);
                } else {
                    LOG.info("listener {} is not available in this version yet", listener.name().key());
                }
            }
        } catch (RuntimeException | InterruptedException e) {
            listeners.close();
            throw e;
        }
        return listeners;
    }

    /** The protocols https carries over WebSocket; AMQP joins MQTT on the same path with its own subprotocol. */
    private static List<WebSocketRoute> webSocketRoutes(MqttEndpoint mqtt, AmqpEndpoint amqp) {
        List<WebSocketRoute> routes = new ArrayList<>();
        if (mqtt != null) {
            // A client sends one MQTT packet per frame, so a frame needs room for the largest packet.
            routes.add(new WebSocketRoute(WEBSOCKET_PATH, MQTT_SUBPROTOCOL, MqttLimits.MAX_PACKET_BYTES,
                    MqttChannelInitializer.overWebSocket(mqtt)));
        }
        if (amqp != null) {
            routes.add(new WebSocketRoute(WEBSOCKET_PATH, AmqpChannelInitializer.WEBSOCKET_SUBPROTOCOL,
                    AmqpChannelInitializer.MAX_WEBSOCKET_FRAME_BYTES, AmqpChannelInitializer.overWebSocket(amqp)));
        }
        return List.copyOf(routes);
    }

    private void bindHttp(ListenerConfig config, EventLoops loops, Routes routes, SslContext sslContext,
            List<WebSocketRoute> webSockets) throws InterruptedException {
        bind(config, loops, new HttpChannelInitializer(routes, HttpChannelInitializer.DEFAULT_MAX_CONTENT_BYTES,
                sslContext, webSockets));
    }

    private void bindMqtt(ListenerConfig config, EventLoops loops, MqttEndpoint mqtt, SslContext sslContext)
            throws InterruptedException {
        bind(config, loops, new MqttChannelInitializer(mqtt, sslContext));
    }

    private void bindAmqp(ListenerConfig config, EventLoops loops, AmqpEndpoint amqp, SslContext sslContext)
            throws InterruptedException {
        if (amqp == null) {
            LOG.info("listener {} has no AMQP endpoint to serve; not bound", config.name().key());
            return;
        }
        bind(config, loops, new AmqpChannelInitializer(amqp, sslContext));
    }

    private void bind(ListenerConfig config, EventLoops loops, ChannelInitializer<Channel> initializer)
            throws InterruptedException {
        SocketListener listener = ipFilter == null ? new SocketListener(loops, initializer)
                : new SocketListener(loops, config.name(), initializer, ipFilter);
        InetSocketAddress address = new InetSocketAddress(literal(config.bindAddress()), config.port());
        try {
            InetSocketAddress actual = listener.bind(address);
            // Java binds 0.0.0.0 as a dual-stack socket and reports it as "::"; keep the address
            // as configured so endpoints.json and the banner say 0.0.0.0, with the real port.
            bound.add(new BoundListener(config.name(), new InetSocketAddress(address.getAddress(), actual.getPort())));
            open.add(listener);
        } catch (UncheckedIOException e) {
            String problem = "listener " + config.name().key() + " " + e.getMessage();
            if (config.name().optionalOnDefaultPort() && !config.portConfigured()) {
                LOG.warn("{}; continuing without {}. {}", problem, config.name().key(), fix(config));
                return;
            }
            throw new UncheckedIOException(problem + ". " + fix(config), e.getCause());
        }
    }

    /** How to get past a port that cannot be bound, in one sentence. */
    static String fix(ListenerConfig config) {
        String flag = "--" + config.name().key() + "-port";
        if (config.port() > 0 && config.port() < FIRST_UNPRIVILEGED_PORT) {
            return "Ports below " + FIRST_UNPRIVILEGED_PORT + " need root or CAP_NET_BIND_SERVICE: use " + flag + " "
                    + (config.port() + 8000) + " (or set " + config.name().portKey() + "), or grant Java the capability with:"
                    + " sudo setcap cap_net_bind_service=+ep $(readlink -f $(which java)), or forward port " + config.port()
                    + " to a free one (docs/tls.md)";
        }
        return "Stop what uses it, or use " + flag + " with a free port or 0 (or set " + config.name().portKey() + ")";
    }

    /** The bind address is a validated IP literal, so this never consults DNS. */
    private static InetAddress literal(String ipAddress) {
        try {
            return InetAddress.getByName(ipAddress);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ipAddress, e);
        }
    }

    public List<BoundListener> bound() {
        return List.copyOf(bound);
    }

    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing a listener failed", e);
            }
        }
        open.clear();
    }
}
