package io.roost.bench.amqp;

import io.roost.bench.mqtt.DeviceCredentials;
import io.roost.bench.mqtt.LatencyHistogram;
import io.roost.bench.mqtt.LoadTotals;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One device of the AMQP load on a thread of its own: connects ({@code --connect-concurrency} at a
 * time), waits for the common start, keeps {@code window} transfers unsettled for as long as the
 * run lasts, then waits for the last outcomes and disconnects. A message counts, and its latency
 * (send to Accepted) is recorded, when its Accepted arrives in the measured window. The counters
 * read by the progress line are atomics; everything else is read after {@link #run} returned
 * (the thread's join makes it visible).
 */
final class DeviceSender implements Runnable {

    /** Written by this sender's thread, read by the progress line. */
    final AtomicLong sent = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    private final DeviceCredentials device;
    private final AmqpLoadPlan plan;
    private final Semaphore connectPermits;
    private final CountDownLatch connectsDone;
    private final CountDownLatch start;
    private final LatencyHistogram ackLatency = new LatencyHistogram();
    private final LatencyHistogram connectLatency = new LatencyHistogram();
    private long measured;
    private long refused;
    private long lost;
    private long unackedAtEnd;
    private boolean connected;
    private boolean connectFailed;
    private boolean disconnected;
    private String firstError;

    DeviceSender(DeviceCredentials device, AmqpLoadPlan plan, Semaphore connectPermits, CountDownLatch connectsDone,
            CountDownLatch start) {
        this.device = device;
        this.plan = plan;
        this.connectPermits = connectPermits;
        this.connectsDone = connectsDone;
        this.start = start;
    }

    @Override
    public void run() {
        AmqpDeviceClient client = connect();
        connectsDone.countDown();
        if (client == null) {
            return;
        }
        try (client) {
            start.await();
            send(client);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private AmqpDeviceClient connect() {
        connectPermits.acquireUninterruptibly();
        long begin = System.nanoTime();
        try {
            AmqpDeviceClient client = AmqpDeviceClient.connect(plan.address(), plan.hostName(), device.deviceId(),
                    device.password(), plan.connectTimeout());
            connectLatency.record(System.nanoTime() - begin);
            connected = true;
            return client;
        } catch (IOException | RuntimeException e) {
            connectFailed = true;
            error(device.deviceId() + ": " + e.getMessage());
            return null;
        } finally {
            connectPermits.release();
        }
    }

    private void send(AmqpDeviceClient client) {
        AmqpDeviceClient.OutcomeListener listener = this::outcome;
        long number = 0;
        try {
            while (System.nanoTime() < plan.measureEndNanos()) {
                while (client.inFlight() < plan.window() && client.credit() > 0) {
                    client.send(Long.toString(number++), plan.payload(), Map.of());
                    sent.lazySet(sent.get() + 1);
                }
                client.pump(listener);
                if (!client.isOpen()) {
                    disconnected = true;
                    lost = client.inFlight();
                    error(device.deviceId() + ": the hub closed the connection or the link");
                    return;
                }
            }
            client.awaitOutcomes(listener, plan.drainTimeout());
        } catch (IOException e) {
            unackedAtEnd = client.inFlight();
            error(e.getMessage());
        }
    }

    private void outcome(long sentNanos, boolean accepted, String failure) {
        long now = System.nanoTime();
        if (!accepted) {
            refused++;
            error(device.deviceId() + ": " + failure);
            return;
        }
        acked.lazySet(acked.get() + 1);
        if (now >= plan.measureStartNanos() && now < plan.measureEndNanos()) {
            measured++;
            ackLatency.record(now - sentNanos);
        }
    }

    private void error(String message) {
        if (firstError == null) {
            firstError = message;
        }
    }

    boolean connected() {
        return connected;
    }

    long unackedAtEnd() {
        return unackedAtEnd;
    }

    /** Adds this sender's figures to {@code totals}; call after its thread ended. */
    void addTo(LoadTotals totals) {
        totals.add(sent.get(), acked.get(), measured, ackLatency, connectLatency, connectFailed, disconnected, refused,
                lost, firstError);
    }

    /** What every device of a run shares: where to connect and what to send. Immutable (the payload is not changed). */
    record AmqpLoadPlan(InetSocketAddress address, String hostName, byte[] payload, int window, Duration connectTimeout,
            Duration drainTimeout, MeasuredWindow clock) {

        long measureStartNanos() {
            return clock.startNanos;
        }

        long measureEndNanos() {
            return clock.endNanos;
        }
    }

    /**
     * The measured window in {@link System#nanoTime()}, set by the main thread once every device
     * connected and before it releases the start latch (which publishes it to the senders).
     */
    static final class MeasuredWindow {
        volatile long startNanos = Long.MAX_VALUE;
        volatile long endNanos = Long.MAX_VALUE;
    }
}
