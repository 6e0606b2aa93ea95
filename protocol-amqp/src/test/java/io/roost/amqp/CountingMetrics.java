package io.roost.amqp;

import io.roost.core.metrics.ProtocolMetrics;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what the endpoint reports, so tests can check each event is counted once. */
final class CountingMetrics implements ProtocolMetrics {

    final AtomicLong connected = new AtomicLong();
    final AtomicLong connects = new AtomicLong();
    final AtomicLong authFailures = new AtomicLong();
    final AtomicLong messages = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong acknowledged = new AtomicLong();

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
