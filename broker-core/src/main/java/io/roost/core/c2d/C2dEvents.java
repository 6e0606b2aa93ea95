package io.roost.core.c2d;

/**
 * What happens to cloud-to-device messages, for the operations log and metrics (category
 * C2DCommands). Called on the queues' worker thread after the change is durable; implementations
 * must be quick and must not throw.
 */
public interface C2dEvents {

    C2dEvents NONE = new C2dEvents() {
    };

    default void sent(QueuedC2dMessage message) {
    }

    /** Refused: the device's queue holds {@link C2dSettings#maxQueueDepth()} messages already. */
    default void queueFull(String deviceId, C2dMessage message) {
    }

    /** Handed to the device under a lock. */
    default void delivered(QueuedC2dMessage message) {
    }

    default void completed(QueuedC2dMessage message) {
    }

    /** Released by the device or by a lock that ran out, to be delivered again. */
    default void abandoned(QueuedC2dMessage message, boolean lockTimedOut) {
    }

    default void rejected(QueuedC2dMessage message) {
    }

    default void expired(QueuedC2dMessage message) {
    }

    /** Abandoned or timed out once too often: removed with DeliveryCountExceeded. */
    default void deadLettered(QueuedC2dMessage message) {
    }

    default void purged(String deviceId, int count) {
    }

    /** Feedback records nobody read within {@link C2dSettings#feedbackTtl()} were dropped. */
    default void feedbackExpired(int count) {
    }
}
