package io.roost.core.c2d;

import java.util.Objects;

/**
 * What happened to one cloud-to-device message that asked for feedback, in IoT Hub's fields.
 * Immutable.
 *
 * @param originalMessageId the message's {@code message-id}, may be null when it had none
 * @param enqueuedTimeMillis when the outcome happened (epoch ms)
 * @param description IoT Hub's text for the status
 */
public record FeedbackRecord(
        String originalMessageId,
        long enqueuedTimeMillis,
        FeedbackStatus status,
        String description,
        String deviceId,
        String deviceGenerationId) {

    public FeedbackRecord {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(deviceId, "deviceId");
    }

    /** The record for {@code message} ending with {@code status} at {@code nowMillis}. */
    public static FeedbackRecord of(QueuedC2dMessage message, FeedbackStatus status, long nowMillis) {
        return new FeedbackRecord(message.message().messageId(), nowMillis, status, status.description(),
                message.deviceId(), message.deviceGenerationId());
    }
}
