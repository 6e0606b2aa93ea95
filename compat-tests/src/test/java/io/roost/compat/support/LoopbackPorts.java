package io.roost.compat.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** The Azure SDKs dial fixed ports; tests that need one skip when it cannot be bound here. */
public final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /** Whether {@code port} on 127.0.0.1 is free and this process may bind it. */
    public static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            probe.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
