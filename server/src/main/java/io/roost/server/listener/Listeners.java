package io.roost.server.listener;

import io.roost.http.HealthRoute;
import io.roost.http.HttpChannelInitializer;
import io.roost.http.HttpListener;
import io.roost.http.MetricsRoute;
import io.roost.http.Routes;
import io.roost.server.config.ListenerConfig;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds every enabled listener this version implements and reports the others as not available
 * yet. Closing closes every listener bound, in reverse. Not thread-safe: used by the server's
 * lifecycle thread.
 */
public final class Listeners implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private static final int FIRST_UNPRIVILEGED_PORT = 1024;

    private final List<HttpListener> open = new ArrayList<>();
    private final List<BoundListener> bound = new ArrayList<>();

    /**
     * @throws UncheckedIOException naming the listener and address when a bind fails; listeners
     *     bound before stay open until {@link #close()}
     */
    public static Listeners bind(ServerConfig config, EventLoops loops, BooleanSupplier ready, Supplier<String> scrape)
            throws InterruptedException {
        Listeners listeners = new Listeners();
        Routes routes = Routes.builder()
                .get(HealthRoute.PATH, new HealthRoute(ready))
                .get(MetricsRoute.PATH, new MetricsRoute(scrape))
                .build();
        try {
            for (ListenerConfig listener : config.enabledListeners()) {
                if (listener.name() == ListenerName.HTTP) {
                    listeners.bindHttp(listener, loops, routes);
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

    private void bindHttp(ListenerConfig config, EventLoops loops, Routes routes) throws InterruptedException {
        HttpListener listener = new HttpListener(loops.acceptors(), loops.workers(), routes,
                HttpChannelInitializer.DEFAULT_MAX_CONTENT_BYTES);
        InetSocketAddress address = new InetSocketAddress(literal(config.bindAddress()), config.port());
        try {
            bound.add(new BoundListener(config.name(), listener.bind(address)));
            open.add(listener);
        } catch (UncheckedIOException e) {
            String hint = config.port() > 0 && config.port() < FIRST_UNPRIVILEGED_PORT
                    ? "; ports below 1024 need root or CAP_NET_BIND_SERVICE, or set " + config.name().portKey()
                    : "; set " + config.name().portKey() + " to a free port or 0";
            throw new UncheckedIOException("listener " + config.name().key() + " " + e.getMessage() + hint, e.getCause());
        }
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
            open.get(i).close();
        }
        open.clear();
    }
}
