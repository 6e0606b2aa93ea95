package io.roost.server.lifecycle;

import io.roost.core.c2d.C2dEvents;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.QueuedC2dMessage;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each C2D event to several listeners (operations log, metrics, reject counts) in order. A
 * listener that throws, which none should, is logged and the others still hear the event: the
 * queues' store thread must never fail for a listener. Immutable and thread-safe.
 */
final class FanOutC2dEvents implements C2dEvents {

    private static final Logger LOG = LoggerFactory.getLogger(FanOutC2dEvents.class);

    private final List<C2dEvents> targets;

    FanOutC2dEvents(List<C2dEvents> targets) {
        this.targets = List.copyOf(targets);
    }

    @Override
    public void sent(QueuedC2dMessage message) {
        each(target -> target.sent(message));
    }

    @Override
    public void queueFull(String deviceId, C2dMessage message) {
        each(target -> target.queueFull(deviceId, message));
    }

    @Override
    public void delivered(QueuedC2dMessage message) {
        each(target -> target.delivered(message));
    }

    @Override
    public void completed(QueuedC2dMessage message) {
        each(target -> target.completed(message));
    }

    @Override
    public void abandoned(QueuedC2dMessage message, boolean lockTimedOut) {
        each(target -> target.abandoned(message, lockTimedOut));
    }

    @Override
    public void rejected(QueuedC2dMessage message) {
        each(target -> target.rejected(message));
    }

    @Override
    public void expired(QueuedC2dMessage message) {
        each(target -> target.expired(message));
    }

    @Override
    public void deadLettered(QueuedC2dMessage message) {
        each(target -> target.deadLettered(message));
    }

    @Override
    public void purged(String deviceId, int count) {
        each(target -> target.purged(deviceId, count));
    }

    @Override
    public void feedbackExpired(int count) {
        each(target -> target.feedbackExpired(count));
    }

    private void each(Consumer<C2dEvents> event) {
        for (C2dEvents target : targets) {
            try {
                event.accept(target);
            } catch (RuntimeException e) {
                LOG.warn("a C2D event listener ({}) failed", target.getClass().getSimpleName(), e);
            }
        }
    }
}
