package io.roost.core.c2d;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.util.Locale;

/**
 * Which outcomes of a cloud-to-device message the sender asked to hear about ({@code iothub-ack}):
 * positive is delivery (the device completed it), negative is every other end (expired, too many
 * deliveries, rejected, purged), full is both.
 */
public enum AckMode {
    NONE,
    POSITIVE,
    NEGATIVE,
    FULL;

    /** Whether a message that ended with {@code status} gets a feedback record. */
    public boolean wants(FeedbackStatus status) {
        return switch (this) {
            case NONE -> false;
            case POSITIVE -> status == FeedbackStatus.SUCCESS;
            case NEGATIVE -> status != FeedbackStatus.SUCCESS;
            case FULL -> true;
        };
    }

    /** The {@code iothub-ack} value: none, positive, negative, full. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses an {@code iothub-ack} value, case-insensitively; null or empty is {@link #NONE}. The
     * Azure IoT service SDK for Java 2.x writes its enum's names in lower case, so
     * {@code positiveonly} and {@code negativeonly} are taken as positive and negative on every
     * protocol.
     *
     * @throws RoostException BAD_REQUEST naming the allowed values
     */
    public static AckMode parse(String value) {
        if (value == null || value.isEmpty()) {
            return NONE;
        }
        if (value.equalsIgnoreCase("positiveonly")) {
            return POSITIVE;
        }
        if (value.equalsIgnoreCase("negativeonly")) {
            return NEGATIVE;
        }
        for (AckMode mode : values()) {
            if (mode.wireName().equalsIgnoreCase(value)) {
                return mode;
            }
        }
        throw new RoostException(Status.BAD_REQUEST, "iothub-ack must be none, positive, negative or full, not '" + value + "'");
    }
}
