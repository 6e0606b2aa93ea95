package io.roost.bench.mqtt;

import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The connected devices of one event loop and the loop's timers: a housekeeping pass once a
 * second (PUBACK timeouts, keep-alive) and, when the load is paced, a 1 ms tick that lets every
 * connection write what has come due. One timer per loop rather than one per message, so pacing
 * allocates nothing. Not thread-safe: every method but {@link #stats()} runs on its loop.
 */
final class LoopDriver {

    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final EventLoop loop;
    private final LoopStats stats = new LoopStats();
    private final List<DeviceConnection> connections = new ArrayList<>();
    private ScheduledFuture<?> housekeeping;
    private ScheduledFuture<?> tick;

    LoopDriver(EventLoop loop) {
        this.loop = loop;
    }

    EventLoop loop() {
        return loop;
    }

    LoopStats stats() {
        return stats;
    }

    void add(DeviceConnection connection) {
        connections.add(connection);
        if (housekeeping == null) {
            housekeeping = loop.scheduleAtFixedRate(this::housekeeping, 1, 1, TimeUnit.SECONDS);
        }
    }

    void remove(DeviceConnection connection) {
        connections.remove(connection);
    }

    /** Sets the measured window and starts every connection of this loop; see {@link DeviceConnection#start}. */
    void start(RateSchedule schedule, long loadStartNanos, long measureStartNanos, long measureEndNanos) {
        stats.measureStartNanos = measureStartNanos;
        stats.measureEndNanos = measureEndNanos;
        for (DeviceConnection connection : List.copyOf(connections)) {
            connection.start(schedule, loadStartNanos);
        }
        if (!schedule.isFlatOut()) {
            tick = loop.scheduleAtFixedRate(this::tick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (int i = 0; i < connections.size(); i++) {
            connections.get(i).pump(now, true);
        }
    }

    private void housekeeping() {
        long now = System.nanoTime();
        for (DeviceConnection connection : List.copyOf(connections)) {
            connection.housekeeping(now);
        }
    }

    void stopPublishing() {
        if (tick != null) {
            tick.cancel(false);
        }
        connections.forEach(DeviceConnection::stopPublishing);
    }

    int inFlight() {
        int total = 0;
        for (DeviceConnection connection : connections) {
            total += connection.inFlight();
        }
        return total;
    }

    /** DISCONNECTs every connection; the futures complete as their channels close. */
    List<ChannelFuture> disconnectAll() {
        if (housekeeping != null) {
            housekeeping.cancel(false);
        }
        List<ChannelFuture> closed = new ArrayList<>();
        for (DeviceConnection connection : List.copyOf(connections)) {
            closed.add(connection.disconnect());
        }
        return closed;
    }

    /** Closes every connection still open, dropping (and releasing) what is queued on it. */
    void closeAll() {
        List.copyOf(connections).forEach(DeviceConnection::closeNow);
    }
}
