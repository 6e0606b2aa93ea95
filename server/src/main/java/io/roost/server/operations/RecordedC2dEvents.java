package io.roost.server.operations;

import io.roost.core.c2d.C2dEvents;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.QueuedC2dMessage;
import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationEvent;
import io.roost.core.operations.OperationsLog;
import java.time.Clock;

/**
 * Reports what happens to cloud-to-device messages on the operations log, category
 * {@code C2DCommands}: SEND, DELIVER, COMPLETE, ABANDON, EXPIRE, PURGE and FEEDBACK_EXPIRE succeed;
 * REJECT (the device refused the message, 400), QUEUE_FULL (403, as IoT Hub answers a send to a
 * full queue) and DEAD_LETTER (410, delivery count exceeded) are failures that name the device, so
 * they reach the per-device failure counter. The message id, sequence number and delivery count go
 * in the reason ({@code messageId=m-1 sequenceNumber=7 deliveryCount=1}). Stateless apart from its
 * targets; thread-safe; called on the queues' store thread and never blocks.
 */
public final class RecordedC2dEvents implements C2dEvents {

    private final OperationsLog log;
    private final Clock clock;

    public RecordedC2dEvents(OperationsLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void sent(QueuedC2dMessage message) {
        success("SEND", message.deviceId(), details(message, null));
    }

    @Override
    public void queueFull(String deviceId, C2dMessage message) {
        failure("QUEUE_FULL", 403, deviceId, "messageId=" + orDash(message.messageId()) + " the device's queue is full");
    }

    @Override
    public void delivered(QueuedC2dMessage message) {
        success("DELIVER", message.deviceId(), details(message, null));
    }

    @Override
    public void completed(QueuedC2dMessage message) {
        success("COMPLETE", message.deviceId(), details(message, null));
    }

    @Override
    public void abandoned(QueuedC2dMessage message, boolean lockTimedOut) {
        success("ABANDON", message.deviceId(), details(message, lockTimedOut ? "lock timed out" : null));
    }

    @Override
    public void rejected(QueuedC2dMessage message) {
        failure("REJECT", 400, message.deviceId(), details(message, "the device rejected the message"));
    }

    @Override
    public void expired(QueuedC2dMessage message) {
        success("EXPIRE", message.deviceId(), details(message, null));
    }

    @Override
    public void deadLettered(QueuedC2dMessage message) {
        failure("DEAD_LETTER", 410, message.deviceId(), details(message, "delivery count exceeded"));
    }

    @Override
    public void purged(String deviceId, int count) {
        success("PURGE", deviceId, "count=" + count);
    }

    @Override
    public void feedbackExpired(int count) {
        success("FEEDBACK_EXPIRE", null, "count=" + count + " unread past its TTL");
    }

    static String details(QueuedC2dMessage message, String why) {
        return "messageId=" + orDash(message.message().messageId())
                + " sequenceNumber=" + message.sequenceNumber()
                + " deliveryCount=" + message.deliveryCount()
                + (why == null ? "" : " " + why);
    }

    private void success(String operation, String deviceId, String reason) {
        log.record(new OperationEvent(clock.instant(), OperationCategory.C2DCommands, operation,
                OperationEvent.INFORMATION, OperationEvent.SUCCESS, 200, reason, deviceId, null, null, null, -1));
    }

    private void failure(String operation, int statusCode, String deviceId, String reason) {
        log.record(new OperationEvent(clock.instant(), OperationCategory.C2DCommands, operation,
                OperationEvent.WARNING, OperationEvent.FAILURE, statusCode, reason, deviceId, null, null, null, -1));
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
