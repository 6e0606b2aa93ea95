package io.roost.amqp;

import io.roost.core.error.RoostException;
import io.roost.core.log.TelemetryLog;
import io.roost.core.message.TelemetryMessage;
import io.roost.core.throttle.Throttle;
import io.roost.core.throttle.ThrottleDecision;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.LinkError;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;

/**
 * A device's telemetry link ({@code /devices/{id}/messages/events}, our receiver): each complete
 * delivery is decoded, stamped with the connection's device and appended to the log; it is settled
 * Accepted only once the append is durable, Rejected with an {@code amqp:} condition when the append
 * fails or the message cannot be decoded. Credit ({@link AmqpLimits#D2C_CREDIT}) is replenished as
 * appends complete and withheld while the device's log partition is not writable. A transfer over
 * {@link AmqpLimits#MAX_D2C_MESSAGE_BYTES} closes the link with {@code amqp:link:message-size-exceeded}.
 *
 * <p>Throttling ({@link Throttle}): the attach counts as a connect of the device; over its connects
 * per minute the link is refused with {@code amqp:resource-limit-exceeded}. A message over the
 * device's or the hub's D2C rate is still accepted (it was sent with credit), but no credit is
 * given until the bucket's debt is paid, and then one at a time while the device stays over its
 * rate (until a second passes without a message over it), so its messages arrive at that rate
 * once the credit it held is spent. A device over its own rate for longer than
 * {@code disconnectAfter} loses the connection, closed with {@code amqp:resource-limit-exceeded},
 * before that message is appended.
 * Confined to the connection's event loop.
 */
final class D2cLink implements LinkHandler {

    private static final long SLOWED_NANOS = 1_000_000_000L;

    private final AmqpConnectionHandler connection;
    private final Receiver receiver;
    private final String deviceId;
    private final TelemetryLog log;
    private final int partition;
    private final Throttle throttle;
    private final String protocol;
    private int appending;
    private boolean waitingForLog;
    private boolean closed;
    /** A throttle pause is running: no credit until it ends. */
    private boolean throttled;
    private long throttledUntilNanos;
    private boolean timerPending;
    /** When the last message over the rate arrived; credit goes one at a time for a while after. */
    private long throttledAtNanos;
    private boolean everThrottled;

    D2cLink(AmqpConnectionHandler connection, Receiver receiver, String deviceId) {
        this.connection = connection;
        this.receiver = receiver;
        this.deviceId = deviceId;
        this.log = connection.endpoint().log();
        this.partition = log.partitionFor(deviceId);
        this.throttle = connection.endpoint().throttle();
        this.protocol = connection.operations().protocol();
        if (!throttle.connect(deviceId, protocol, connection.remote()).allowed()) {
            // Refused as the connection handler refuses an attach (AMQP 1.0 section 2.6.3); the
            // throttle logged and counted it.
            closed = true;
            receiver.setTarget(null);
            receiver.setCondition(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED, "device " + deviceId
                    + " connects more than " + throttle.settings().deviceConnectsPerMinute() + " times a minute"));
            receiver.open();
            receiver.close();
            return;
        }
        receiver.setMaxMessageSize(UnsignedLong.valueOf(AmqpLimits.MAX_D2C_MESSAGE_BYTES));
        receiver.open();
        replenish();
    }

    @Override
    public Link link() {
        return receiver;
    }

    @Override
    public String deviceId() {
        return deviceId;
    }

    @Override
    public void delivery(Delivery delivery) {
        if (closed || delivery.getContext() != null || !delivery.isReadable()) {
            return;
        }
        if (delivery.pending() > AmqpLimits.MAX_D2C_MESSAGE_BYTES) {
            connection.operations().transferRejected(deviceId, connection.remote(), "OVERSIZED_MESSAGE",
                    "more than " + AmqpLimits.MAX_D2C_MESSAGE_BYTES + " bytes");
            connection.links().close(this, LinkError.MESSAGE_SIZE_EXCEEDED,
                    "message over " + AmqpLimits.MAX_D2C_MESSAGE_BYTES + " bytes");
            return;
        }
        if (delivery.isPartial()) {
            return;
        }
        long receivedNanos = System.nanoTime();
        byte[] bytes = new byte[delivery.pending()];
        receiver.recv(bytes, 0, bytes.length);
        receiver.advance();
        delivery.setContext(Boolean.TRUE);
        ThrottleDecision decision = throttle.messageReceived(deviceId, protocol, connection.remote());
        if (decision.mustDisconnect()) {
            closed = true;
            connection.close(AmqpError.RESOURCE_LIMIT_EXCEEDED, "device " + deviceId + " stayed over its D2C rate for "
                    + throttle.settings().disconnectAfter());
            return;
        }
        if (!decision.allowed()) {
            everThrottled = true;
            throttledAtNanos = System.nanoTime();
            pause(decision.waitNanos());
        }
        TelemetryMessage message;
        try {
            message = AmqpMessages.telemetry(AmqpMessages.decode(bytes), deviceId);
        } catch (IllegalArgumentException e) {
            reject(delivery, AmqpError.DECODE_ERROR, e.getMessage());
            replenish();
            return;
        }
        appending++;
        log.append(message).whenComplete((appended, failure) -> connection.execute(() -> {
            appending--;
            if (closed) {
                return;
            }
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                boolean busy = cause instanceof RoostException roost
                        && roost.status() == RoostException.Status.UNAVAILABLE;
                reject(delivery, busy ? AmqpError.RESOURCE_LIMIT_EXCEEDED : AmqpError.INTERNAL_ERROR,
                        busy ? "the log is unavailable, send again later" : "internal error");
            } else {
                connection.endpoint().metrics().telemetryAppended(message.body().length);
                connection.endpoint().metrics().telemetryAcknowledged(System.nanoTime() - receivedNanos);
                delivery.disposition(Accepted.getInstance());
                delivery.settle();
            }
            replenish();
        }));
        replenish();
    }

    private void reject(Delivery delivery, Symbol condition, String description) {
        connection.operations().transferRejected(deviceId, connection.remote(), "TRANSFER_REJECTED", description);
        Rejected rejected = new Rejected();
        rejected.setError(new ErrorCondition(condition, description));
        delivery.disposition(rejected);
        delivery.settle();
    }

    /** No credit for {@code waitNanos} from now, or longer if a pause already ends later. */
    private void pause(long waitNanos) {
        long until = System.nanoTime() + waitNanos;
        if (!throttled || until - throttledUntilNanos > 0) {
            throttledUntilNanos = until;
        }
        throttled = true;
        if (!timerPending) {
            schedulePauseEnd(waitNanos);
        }
    }

    private void schedulePauseEnd(long delayNanos) {
        timerPending = true;
        connection.channel().eventLoop().schedule(() -> connection.execute(this::pauseTimerFired), delayNanos,
                TimeUnit.NANOSECONDS);
    }

    private void pauseTimerFired() {
        timerPending = false;
        long left = throttledUntilNanos - System.nanoTime();
        if (left > 0) {
            schedulePauseEnd(left);
            return;
        }
        throttled = false;
        replenish();
    }

    /**
     * Tops the device's credit up to the window, in batches, while its partition takes appends and
     * it is within its rate; one credit at a time after a pause while it is over its rate.
     */
    private void replenish() {
        if (closed || waitingForLog || throttled) {
            return;
        }
        if (!log.isWritable(partition)) {
            waitingForLog = true;
            log.whenWritable(partition, () -> connection.execute(() -> {
                waitingForLog = false;
                replenish();
            }));
            return;
        }
        if (isSlowed()) {
            if (receiver.getCredit() == 0) {
                receiver.flow(1);
            }
            return;
        }
        int missing = AmqpLimits.D2C_CREDIT - receiver.getCredit() - appending;
        if (missing >= AmqpLimits.D2C_CREDIT / 2 || (missing > 0 && receiver.getCredit() == 0)) {
            receiver.flow(missing);
        }
    }

    /**
     * Over the rate within the last {@link #SLOWED_NANOS}: a message allowed right after a pause
     * (its bucket refilled while the credit travelled) must not reopen the whole window.
     */
    private boolean isSlowed() {
        return everThrottled && System.nanoTime() - throttledAtNanos < SLOWED_NANOS;
    }

    @Override
    public void closed() {
        closed = true;
    }
}
