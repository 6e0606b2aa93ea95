package io.roost.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roost.core.throttle.ThrottleCounter;
import io.roost.core.throttle.ThrottleKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code roost_throttled_total{protocol,kind}} (docs/monitoring.md): every throttle decision that
 * was not "allowed". The {@code protocol} label is the one the device traffic meters use
 * ({@code mqtt}, {@code amqp}, {@code http}): MQTT and AMQP over WebSocket count under their
 * protocol. Every series exists at 0 from start-up. Thread-safe.
 */
public final class MeteredThrottleCounter implements ThrottleCounter {

    static final String THROTTLED = "roost.throttled";
    private static final List<String> PROTOCOLS = List.of("mqtt", "amqp", "http");

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public MeteredThrottleCounter(MeterRegistry registry) {
        this.registry = registry;
        for (String protocol : PROTOCOLS) {
            for (ThrottleKind kind : ThrottleKind.values()) {
                counter(protocol, kind);
            }
        }
    }

    @Override
    public void throttled(String protocol, ThrottleKind kind) {
        counter(protocol.endsWith("-ws") ? protocol.substring(0, protocol.length() - 3) : protocol, kind).increment();
    }

    private Counter counter(String protocol, ThrottleKind kind) {
        return counters.computeIfAbsent(protocol + '/' + kind.label(), key -> Counter.builder(THROTTLED)
                .description("Throttle decisions that slowed or refused a device or a registry client")
                .tag("protocol", protocol)
                .tag("kind", kind.label())
                .register(registry));
    }
}
