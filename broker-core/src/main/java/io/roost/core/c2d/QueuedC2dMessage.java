package io.roost.core.c2d;

import java.util.Objects;

/**
 * A cloud-to-device message in a device's queue, as the store holds it. Immutable.
 *
 * @param deviceId the device it is for
 * @param deviceGenerationId the generation of the device identity it was sent to (IoT Hub puts it
 *     in feedback, so a sender can tell a deleted and re-created device apart)
 * @param sequenceNumber its place in the device's queue: increases per device and is never reused
 * @param enqueuedTimeMillis when it was queued (epoch ms)
 * @param expiryTimeMillis when it expires (epoch ms)
 * @param deliveryCount how many times it was handed to the device (locked) so far
 * @param lockToken the token of its current or last lock, or null when never locked or released
 * @param lockedUntilMillis when that lock ends (epoch ms), 0 when not locked
 */
public record QueuedC2dMessage(
        String deviceId,
        String deviceGenerationId,
        long sequenceNumber,
        long enqueuedTimeMillis,
        long expiryTimeMillis,
        int deliveryCount,
        String lockToken,
        long lockedUntilMillis,
        C2dMessage message) {

    public QueuedC2dMessage {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(message, "message");
    }

    /** Whether a device holds it now, i.e. it may not be handed out again. */
    public boolean isLockedAt(long nowMillis) {
        return lockToken != null && lockedUntilMillis > nowMillis;
    }

    public boolean isExpiredAt(long nowMillis) {
        return expiryTimeMillis <= nowMillis;
    }

    /** The same message locked by {@code token} until {@code untilMillis}, one delivery more. */
    public QueuedC2dMessage lockedBy(String token, long untilMillis) {
        return new QueuedC2dMessage(deviceId, deviceGenerationId, sequenceNumber, enqueuedTimeMillis, expiryTimeMillis,
                deliveryCount + 1, token, untilMillis, message);
    }
}
