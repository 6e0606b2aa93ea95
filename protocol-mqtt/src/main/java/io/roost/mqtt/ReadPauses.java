package io.roost.mqtt;

import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Why a device's connection is not being read, and when reading resumes: its log partition is
 * over its high-water mark, the device is over its D2C rate and pauses until its bucket's debt is
 * paid, or packets held back during such a pause still wait. Reading resumes only when none holds,
 * so one reason ending never undoes another. A pause is a timer on the channel's event loop,
 * never a sleep. Not thread-safe; confined to the channel's event loop.
 */
final class ReadPauses {

    private final Channel channel;
    private final Runnable throttleEnded;
    private final BooleanSupplier holding;
    private boolean logFull;
    private boolean throttled;
    private long throttledUntilNanos;
    private boolean timerPending;

    /**
     * @param throttleEnded runs when a throttle pause is over, to process held packets
     * @param holding whether packets read before a pause still wait to be processed
     */
    ReadPauses(Channel channel, Runnable throttleEnded, BooleanSupplier holding) {
        this.channel = channel;
        this.throttleEnded = throttleEnded;
        this.holding = holding;
    }

    void logFull() {
        logFull = true;
        update();
    }

    void logDrained() {
        logFull = false;
        update();
    }

    boolean isLogFull() {
        return logFull;
    }

    boolean isThrottled() {
        return throttled;
    }

    /** Stops reading and processing for {@code waitNanos} from now, or longer if a pause already ends later. */
    void throttleFor(long waitNanos) {
        long until = System.nanoTime() + waitNanos;
        if (!throttled || until - throttledUntilNanos > 0) {
            throttledUntilNanos = until;
        }
        throttled = true;
        if (!timerPending) {
            schedule(waitNanos);
        }
        update();
    }

    /** Turns reading on or off for the reasons that hold now. */
    void update() {
        boolean read = !logFull && !throttled && !holding.getAsBoolean() && channel.isActive();
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }

    private void schedule(long delayNanos) {
        timerPending = true;
        channel.eventLoop().schedule(this::timerFired, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void timerFired() {
        timerPending = false;
        long left = throttledUntilNanos - System.nanoTime();
        if (left > 0) {
            schedule(left);
            return;
        }
        throttled = false;
        throttleEnded.run();
        update();
    }
}
