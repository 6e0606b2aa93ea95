package io.roost.core.testing;

import io.roost.core.metrics.ProtocolMetrics;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what a protocol endpoint reports, so tests can check each event is counted once. Thread-safe. */
public final class CountingMetrics implements ProtocolMetrics {

    public final AtomicLong connected = new AtomicLong();
    public final AtomicLong connects = new AtomicLong();
    public final AtomicLong authFailures = new AtomicLong();
    public final AtomicLong messages = new AtomicLong();
    public final AtomicLong bytes = new AtomicLong();
    public final AtomicLong acknowledged = new AtomicLong();

    @Override
    public void deviceConnected() {
        connected.incrementAndGet();
        connects.incrementAndGet();
    }

    @Override
    public void deviceDisconnected() {
        connected.decrementAndGet();
    }

    @Override
    public void authenticationFailed() {
        authFailures.incrementAndGet();
    }

    @Override
    public void telemetryAppended(int bodyBytes) {
        messages.incrementAndGet();
        bytes.addAndGet(bodyBytes);
    }

    @Override
    public void telemetryAcknowledged(long latencyNanos) {
        if (latencyNanos < 0) {
            throw new AssertionError("negative latency " + latencyNanos);
        }
        acknowledged.incrementAndGet();
    }
}
