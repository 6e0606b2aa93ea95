package io.roost.amqp;

import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Link;

/**
 * What one attached link does with the engine's events; kept as the Proton link's context.
 * Implementations are confined to the connection's event loop.
 */
interface LinkHandler {

    Link link();

    /** The device the link belongs to, or null for links of no device ({@code $cbs}). */
    String deviceId();

    /** A delivery on the link changed: readable (incoming), or settled/updated by the peer. */
    void delivery(Delivery delivery);

    /** The peer's credit or drain changed. */
    default void flow() {
    }

    /** The link ended (either side detached, or the connection ended): give back what is held. */
    void closed();
}
