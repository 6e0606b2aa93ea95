package io.roost.amqp;

/**
 * A link a back-end service attached under a ServiceConnect policy token (partition receivers,
 * C2D send, feedback): it closes with {@code amqp:unauthorized-access} when the connection's
 * service token expires. Confined to the connection's event loop.
 */
interface ServiceLink extends LinkHandler {

    @Override
    default String deviceId() {
        return null;
    }
}
