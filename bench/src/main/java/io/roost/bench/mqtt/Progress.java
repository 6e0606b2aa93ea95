package io.roost.bench.mqtt;

import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The once-a-second progress line on stderr: phase, messages sent and acknowledged per second in
 * the last second, messages in flight, connected devices and errors so far. Reads the loops'
 * {@link Counter}s without stopping them. Not thread-safe: the main thread's.
 */
final class Progress {

    private final List<LoopDriver> drivers;
    private final PrintStream out;
    private final boolean quiet;
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;
    private long lastSent;
    private long lastAcked;

    Progress(Collection<LoopDriver> drivers, PrintStream out, boolean quiet) {
        this.drivers = List.copyOf(drivers);
        this.out = out;
        this.quiet = quiet;
    }

    /** Sleeps until {@code deadlineNanos}, printing a line each time a second has passed. */
    void runUntil(long deadlineNanos, String phase) {
        long now;
        while ((now = System.nanoTime()) < deadlineNanos) {
            long next = lastNanos + TimeUnit.SECONDS.toNanos(1);
            LockSupport.parkNanos(Math.min(deadlineNanos, next) - now);
            if (System.nanoTime() >= next) {
                print(phase);
            }
        }
    }

    private void print(String phase) {
        long now = System.nanoTime();
        long sent = 0;
        long acked = 0;
        long inFlight = 0;
        long connected = 0;
        long errors = 0;
        for (LoopDriver driver : drivers) {
            LoopStats s = driver.stats();
            sent += s.sent.get();
            acked += s.acked.get();
            inFlight += s.inFlight.get();
            connected += s.connected.get();
            errors += s.errors.get();
        }
        double seconds = (now - lastNanos) / 1e9;
        if (!quiet) {
            out.printf(Locale.ROOT, "mqtt-load %5.0fs %-9s sent %,9.0f/s  acked %,9.0f/s  in flight %,7d  connected %,6d  errors %,d%n",
                    (now - startNanos) / 1e9, phase, (sent - lastSent) / seconds, (acked - lastAcked) / seconds, inFlight,
                    connected, errors);
        }
        lastNanos = now;
        lastSent = sent;
        lastAcked = acked;
    }
}
