package io.roost.core.c2d;

/** How a cloud-to-device message ended, as IoT Hub's feedback {@code statusCode} names it. */
public enum FeedbackStatus {
    SUCCESS("Success", "Success"),
    EXPIRED("Expired", "Message expired"),
    DELIVERY_COUNT_EXCEEDED("DeliveryCountExceeded", "Message delivery count exceeded"),
    REJECTED("Rejected", "Message rejected"),
    PURGED("Purged", "Message purged");

    private final String wireName;
    private final String description;

    FeedbackStatus(String wireName, String description) {
        this.wireName = wireName;
        this.description = description;
    }

    /** The {@code statusCode} in a feedback record. */
    public String wireName() {
        return wireName;
    }

    /** The {@code description} IoT Hub gives this outcome. */
    public String description() {
        return description;
    }
}
