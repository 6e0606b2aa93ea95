package io.roost.bench.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A free TCP port on 127.0.0.1 for a peer broker that cannot be told "port 0" and report back
 * (Mosquitto, Moquette). The port is free when asked; another process may take it before the
 * broker binds, and the broker then fails to start, which the caller reports. Stateless.
 */
final class FreePort {

    private FreePort() {
    }

    static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
