package io.roost.core.metrics;

/**
 * Where the protocol endpoints count device traffic, protocol-neutrally: the server backs it with
 * its meter registry, tests and tools use {@link #NONE}. Look a protocol's meters up once, when
 * its endpoint is built, not per message. Implementations are thread-safe.
 */
public interface DeviceMetrics {

    /** Counts nothing. */
    DeviceMetrics NONE = protocol -> ProtocolMetrics.NONE;

    /**
     * The meters of one protocol, created on first use.
     *
     * @param protocol the {@code protocol} label: {@code mqtt}, {@code amqp} or {@code http}
     */
    ProtocolMetrics protocol(String protocol);
}
