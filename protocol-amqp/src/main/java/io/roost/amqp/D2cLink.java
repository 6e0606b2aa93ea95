package io.roost.amqp;

import io.roost.core.error.RoostException;
import io.roost.core.log.TelemetryLog;
import io.roost.core.message.TelemetryMessage;
import java.util.concurrent.CompletionException;
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
 * Confined to the connection's event loop.
 */
final class D2cLink implements LinkHandler {

    private final AmqpConnectionHandler connection;
    private final Receiver receiver;
    private final String deviceId;
    private final TelemetryLog log;
    private final int partition;
    private int appending;
    private boolean waitingForLog;
    private boolean closed;

    D2cLink(AmqpConnectionHandler connection, Receiver receiver, String deviceId) {
        this.connection = connection;
        this.receiver = receiver;
        this.deviceId = deviceId;
        this.log = connection.endpoint().log();
        this.partition = log.partitionFor(deviceId);
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

    /** Tops the device's credit up to the window, in batches, while its partition takes appends. */
    private void replenish() {
        if (closed || waitingForLog) {
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
        int missing = AmqpLimits.D2C_CREDIT - receiver.getCredit() - appending;
        if (missing >= AmqpLimits.D2C_CREDIT / 2 || (missing > 0 && receiver.getCredit() == 0)) {
            receiver.flow(missing);
        }
    }

    @Override
    public void closed() {
        closed = true;
    }
}
