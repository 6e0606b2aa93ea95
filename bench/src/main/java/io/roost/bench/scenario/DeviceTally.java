package io.roost.bench.scenario;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counters that every {@link IdleDevice} of a run adds to, from any event loop. Thread-safe.
 */
final class DeviceTally {

    final AtomicLong connected = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    /** Connections the broker closed after CONNACK. */
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong pingResponses = new AtomicLong();
    /** C2D PUBLISHes received and PUBACKed (a PUBACK completes the message in Roost). */
    final AtomicLong c2dCompleted = new AtomicLong();
    final AtomicLong lastConnAckNanos = new AtomicLong();
    final AtomicLong lastC2dNanos = new AtomicLong();
    final AtomicReference<String> firstError = new AtomicReference<>();

    void error(String text) {
        firstError.compareAndSet(null, text);
    }

    long errors() {
        return refused.get() + failed.get() + dropped.get();
    }
}
