package io.roost.server.operations;

import io.roost.core.c2d.C2dEvents;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.QueuedC2dMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what happens to cloud-to-device messages as one structured line each on the operations
 * logger ({@value LoggedRegistryEvents#LOGGER_NAME}), in the registry's line format, category
 * {@value #CATEGORY}:
 * {@code category=C2DCommands operation=COMPLETE deviceId=dev1 messageId=m-1 sequenceNumber=7 deliveryCount=1 reason=-}.
 * A purge names how many messages went ({@code count=3}) instead of one message. Every line is
 * INFO: they are the audit trail of what each device was sent and what became of it. Stateless;
 * thread-safe; called on the queues' store thread, so it never blocks beyond the logger's appender.
 */
public final class LoggedC2dEvents implements C2dEvents {

    public static final String CATEGORY = "C2DCommands";

    private static final Logger LOG = LoggerFactory.getLogger(LoggedRegistryEvents.LOGGER_NAME);

    @Override
    public void sent(QueuedC2dMessage message) {
        log("SEND", message, null);
    }

    @Override
    public void queueFull(String deviceId, C2dMessage message) {
        if (LOG.isInfoEnabled()) {
            LOG.info(start("QUEUE_FULL", deviceId) + " messageId=" + token(message.messageId())
                    + " reason=" + quoted("the device's queue is full"));
        }
    }

    @Override
    public void delivered(QueuedC2dMessage message) {
        log("DELIVER", message, null);
    }

    @Override
    public void completed(QueuedC2dMessage message) {
        log("COMPLETE", message, null);
    }

    @Override
    public void abandoned(QueuedC2dMessage message, boolean lockTimedOut) {
        log("ABANDON", message, lockTimedOut ? "lock timed out" : null);
    }

    @Override
    public void rejected(QueuedC2dMessage message) {
        log("REJECT", message, null);
    }

    @Override
    public void expired(QueuedC2dMessage message) {
        log("EXPIRE", message, null);
    }

    @Override
    public void deadLettered(QueuedC2dMessage message) {
        log("DEAD_LETTER", message, "delivery count exceeded");
    }

    @Override
    public void purged(String deviceId, int count) {
        if (LOG.isInfoEnabled()) {
            LOG.info(start("PURGE", deviceId) + " count=" + count + " reason=-");
        }
    }

    @Override
    public void feedbackExpired(int count) {
        if (LOG.isInfoEnabled()) {
            LOG.info("category=" + CATEGORY + " operation=FEEDBACK_EXPIRE deviceId=- count=" + count
                    + " reason=\"unread past its TTL\"");
        }
    }

    private static void log(String operation, QueuedC2dMessage message, String reason) {
        if (LOG.isInfoEnabled()) {
            LOG.info(line(operation, message, reason));
        }
    }

    static String line(String operation, QueuedC2dMessage message, String reason) {
        return start(operation, message.deviceId())
                + " messageId=" + token(message.message().messageId())
                + " sequenceNumber=" + message.sequenceNumber()
                + " deliveryCount=" + message.deliveryCount()
                + " reason=" + (reason == null ? "-" : quoted(reason));
    }

    private static String start(String operation, String deviceId) {
        return "category=" + CATEGORY + " operation=" + operation + " deviceId=" + token(deviceId);
    }

    /** Ids are the sender's text: quoted when they hold anything that could end a field. */
    private static String token(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        return value.matches("[A-Za-z0-9._:@$!()*+,;=%#?'/-]+") ? value : quoted(value);
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ").replace("\r", " ") + '"';
    }
}
