package io.roost.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.roost.core.c2d.C2dEvents;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.C2dQueues;
import io.roost.core.c2d.QueuedC2dMessage;
import java.util.Objects;

/**
 * Cloud-to-device meters on the server's registry: one counter family,
 * {@code roost_c2d_messages_total}, with an {@code outcome} label per event, and a gauge of the
 * messages queued now. Every series exists from start-up at 0. Names and meanings are listed in
 * {@code docs/monitoring.md}. Thread-safe.
 */
public final class MeteredC2dEvents implements C2dEvents {

    static final String MESSAGES = "roost.c2d.messages";
    static final String QUEUED = "roost.c2d.queued.messages";
    static final String OUTCOME = "outcome";

    private final Counter sent;
    private final Counter queueFull;
    private final Counter delivered;
    private final Counter completed;
    private final Counter abandoned;
    private final Counter rejected;
    private final Counter expired;
    private final Counter deadLettered;
    private final Counter purged;

    public MeteredC2dEvents(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        sent = counter(registry, "sent");
        queueFull = counter(registry, "queuefull");
        delivered = counter(registry, "delivered");
        completed = counter(registry, "completed");
        abandoned = counter(registry, "abandoned");
        rejected = counter(registry, "rejected");
        expired = counter(registry, "expired");
        deadLettered = counter(registry, "deadlettered");
        purged = counter(registry, "purged");
    }

    /** The gauge of messages in every device's queue; reads the queues' running total, O(1). */
    public static void registerQueuedGauge(MeterRegistry registry, C2dQueues queues) {
        Gauge.builder(QUEUED, queues, C2dQueues::totalDepth)
                .description("C2D messages in every device's queue now, delivered but unsettled ones included")
                .strongReference(true)
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder(MESSAGES)
                .description("C2D messages by what happened to them (sent, delivered, and each way one ends)")
                .tag(OUTCOME, outcome)
                .register(registry);
    }

    @Override
    public void sent(QueuedC2dMessage message) {
        sent.increment();
    }

    @Override
    public void queueFull(String deviceId, C2dMessage message) {
        queueFull.increment();
    }

    @Override
    public void delivered(QueuedC2dMessage message) {
        delivered.increment();
    }

    @Override
    public void completed(QueuedC2dMessage message) {
        completed.increment();
    }

    @Override
    public void abandoned(QueuedC2dMessage message, boolean lockTimedOut) {
        abandoned.increment();
    }

    @Override
    public void rejected(QueuedC2dMessage message) {
        rejected.increment();
    }

    @Override
    public void expired(QueuedC2dMessage message) {
        expired.increment();
    }

    @Override
    public void deadLettered(QueuedC2dMessage message) {
        deadLettered.increment();
    }

    @Override
    public void purged(String deviceId, int count) {
        purged.increment(count);
    }
}
