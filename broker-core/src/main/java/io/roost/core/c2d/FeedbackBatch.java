package io.roost.core.c2d;

import java.util.List;
import java.util.Objects;

/**
 * Feedback records delivered together to the service, as one message of the feedback queue.
 * Immutable.
 *
 * @param lockToken identifies this delivery: complete or abandon it with this token
 * @param enqueuedTimeMillis when the batch was made (epoch ms)
 * @param deliveryCount how many times the batch was handed out, this time included
 */
public record FeedbackBatch(String lockToken, long enqueuedTimeMillis, int deliveryCount, List<FeedbackRecord> records) {

    /** IoT Hub's content type of a feedback message: a JSON array of records. */
    public static final String CONTENT_TYPE = "application/vnd.microsoft.iothub.feedback.json";

    public FeedbackBatch {
        Objects.requireNonNull(lockToken, "lockToken");
        records = List.copyOf(records);
    }
}
