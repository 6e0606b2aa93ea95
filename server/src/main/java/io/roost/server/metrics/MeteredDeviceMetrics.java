package io.roost.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.roost.core.metrics.DeviceMetrics;
import io.roost.core.metrics.ProtocolMetrics;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Device traffic meters on the server's registry, one set per {@code protocol} label. The names
 * and what they count are listed in {@code docs/monitoring.md}. Thread-safe.
 */
public final class MeteredDeviceMetrics implements DeviceMetrics {

    static final String CONNECTED = "roost.devices.connected";
    static final String CONNECTS = "roost.device.connects";
    static final String AUTH_FAILURES = "roost.device.auth.failures";
    static final String D2C_MESSAGES = "roost.d2c.messages";
    static final String D2C_BYTES = "roost.d2c.bytes";
    static final String D2C_ACK_LATENCY = "roost.d2c.ack.latency";

    /** A durable append takes at least one fsync; buckets below this would stay empty. */
    private static final Duration FASTEST_EXPECTED_ACK = Duration.ofNanos(100_000);
    private static final Duration SLOWEST_EXPECTED_ACK = Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private final ConcurrentMap<String, ProtocolMetrics> byProtocol = new ConcurrentHashMap<>();

    public MeteredDeviceMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public ProtocolMetrics protocol(String protocol) {
        return byProtocol.computeIfAbsent(protocol, this::meters);
    }

    private ProtocolMetrics meters(String protocol) {
        AtomicLong connected = new AtomicLong();
        Gauge.builder(CONNECTED, connected, AtomicLong::get)
                .description("Devices with a live session")
                .tag("protocol", protocol)
                .register(registry);
        return new Meters(connected,
                Counter.builder(CONNECTS).description("Device sessions begun").tag("protocol", protocol).register(registry),
                Counter.builder(AUTH_FAILURES).description("Connections refused before a session began")
                        .tag("protocol", protocol).register(registry),
                Counter.builder(D2C_MESSAGES).description("D2C messages durable in the log")
                        .tag("protocol", protocol).register(registry),
                Counter.builder(D2C_BYTES).description("Body bytes of the D2C messages durable in the log")
                        .baseUnit("bytes").tag("protocol", protocol).register(registry),
                Timer.builder(D2C_ACK_LATENCY)
                        .description("From receiving a D2C message to acknowledging it, after it is durable")
                        .tag("protocol", protocol)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(FASTEST_EXPECTED_ACK)
                        .maximumExpectedValue(SLOWEST_EXPECTED_ACK)
                        .register(registry));
    }

    private record Meters(AtomicLong connected, Counter connects, Counter authFailures, Counter messages, Counter bytes,
            Timer ackLatency) implements ProtocolMetrics {

        @Override
        public void deviceConnected() {
            connected.incrementAndGet();
            connects.increment();
        }

        @Override
        public void deviceDisconnected() {
            connected.decrementAndGet();
        }

        @Override
        public void authenticationFailed() {
            authFailures.increment();
        }

        @Override
        public void telemetryAppended(int bodyBytes) {
            messages.increment();
            bytes.increment(bodyBytes);
        }

        @Override
        public void telemetryAcknowledged(long latencyNanos) {
            ackLatency.record(latencyNanos, TimeUnit.NANOSECONDS);
        }
    }
}
