package io.roost.bench.mqtt;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A count that one thread writes and any thread reads (the progress line): the writer does a
 * plain read and a release store, so counting costs no lock and no fence. Thread-safe for one
 * writer and many readers only.
 */
final class Counter {

    private final AtomicLong value = new AtomicLong();

    void add(long delta) {
        value.lazySet(value.getPlain() + delta);
    }

    void increment() {
        add(1);
    }

    long get() {
        return value.get();
    }
}
