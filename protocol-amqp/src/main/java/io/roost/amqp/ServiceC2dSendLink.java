package io.roost.amqp;

import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.C2dQueues;
import io.roost.core.error.RoostException;
import io.roost.registry.DeviceRegistry;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.LinkError;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;

/**
 * A service's C2D send link ({@code /messages/devicebound}, our receiver): each message's
 * {@code to} names the device ({@code /devices/{id}/messages/devicebound}); the device is looked up
 * in the registry (its generation goes into feedback) and the message queued, both off the event
 * loop. The delivery is settled Accepted once the message is durable in the device's queue, or
 * Rejected with an AMQP error condition and a description: {@code amqp:not-found} (unknown or
 * deleted device), {@code amqp:resource-limit-exceeded} (queue full, store busy),
 * {@code amqp:link:message-size-exceeded} (body over 64 KiB, or a transfer over
 * {@link AmqpLimits#MAX_SERVICE_C2D_TRANSFER_BYTES}, whose bytes are dropped as they arrive),
 * {@code amqp:invalid-field} (bad {@code to}, {@code iothub-ack} or property),
 * {@code amqp:decode-error}. Credit is {@link AmqpLimits#SERVICE_C2D_CREDIT} at most, counting
 * messages still being queued. Confined to the connection's event loop.
 */
final class ServiceC2dSendLink implements ServiceLink {

    /** Delivery context: the transfer is over the limit; its bytes are dropped until it completes. */
    private static final Object OVERSIZED = new Object();
    /** Delivery context: the message was read and is being queued. */
    private static final Object QUEUEING = new Object();

    private final AmqpConnectionHandler connection;
    private final Receiver receiver;
    private final DeviceRegistry registry;
    private final C2dQueues queues;
    private final byte[] discard = new byte[8192];
    private int queueing;
    private boolean closed;

    ServiceC2dSendLink(AmqpConnectionHandler connection, Receiver receiver) {
        this.connection = connection;
        this.receiver = receiver;
        this.registry = connection.endpoint().registry();
        this.queues = connection.endpoint().c2d();
        receiver.setMaxMessageSize(UnsignedLong.valueOf(AmqpLimits.MAX_SERVICE_C2D_TRANSFER_BYTES));
        receiver.open();
        replenish();
    }

    @Override
    public Link link() {
        return receiver;
    }

    @Override
    public void delivery(Delivery delivery) {
        if (closed || delivery.getContext() == QUEUEING || !delivery.isReadable()) {
            return;
        }
        if (delivery.getContext() == OVERSIZED || delivery.pending() > AmqpLimits.MAX_SERVICE_C2D_TRANSFER_BYTES) {
            dropOversized(delivery);
            return;
        }
        if (delivery.isPartial()) {
            return;
        }
        byte[] bytes = new byte[delivery.pending()];
        receiver.recv(bytes, 0, bytes.length);
        receiver.advance();
        delivery.setContext(QUEUEING);
        String deviceId = null;
        C2dMessage message;
        try {
            Message decoded = AmqpMessages.decode(bytes);
            deviceId = ServiceMessages.deviceOf(decoded);
            message = ServiceMessages.c2d(decoded);
        } catch (IllegalArgumentException e) {
            reject(delivery, null, new ErrorCondition(AmqpError.DECODE_ERROR, e.getMessage()));
            replenish();
            return;
        } catch (RoostException e) {
            reject(delivery, deviceId, C2dSendErrors.of(e));
            replenish();
            return;
        }
        queue(delivery, deviceId, message);
        replenish();
    }

    private void queue(Delivery delivery, String deviceId, C2dMessage message) {
        queueing++;
        registry.get(deviceId)
                .thenCompose(device -> queues.send(deviceId, device.generationId(), message))
                .whenComplete((queued, failure) -> connection.execute(() -> {
                    queueing--;
                    if (closed) {
                        // The link is gone: no disposition can be sent; a queued message stays queued.
                        return;
                    }
                    if (failure != null) {
                        reject(delivery, deviceId, C2dSendErrors.of(failure));
                    } else {
                        delivery.disposition(Accepted.getInstance());
                        delivery.settle();
                    }
                    replenish();
                }));
    }

    /** Drops what arrived of a transfer over the limit, so it never sits in memory; rejects it once complete. */
    private void dropOversized(Delivery delivery) {
        delivery.setContext(OVERSIZED);
        while (delivery.pending() > 0) {
            receiver.recv(discard, 0, discard.length);
        }
        if (delivery.isPartial()) {
            return;
        }
        receiver.advance();
        delivery.setContext(QUEUEING);
        reject(delivery, null, new ErrorCondition(LinkError.MESSAGE_SIZE_EXCEEDED,
                "a C2D message may have at most " + AmqpLimits.MAX_SERVICE_C2D_TRANSFER_BYTES + " bytes"));
        replenish();
    }

    private void reject(Delivery delivery, String deviceId, ErrorCondition condition) {
        connection.operations().c2dSendRejected(deviceId, connection.remote(), C2dSendErrors.statusOf(condition),
                condition.getCondition() + ": " + condition.getDescription());
        Rejected rejected = new Rejected();
        rejected.setError(condition);
        delivery.disposition(rejected);
        delivery.settle();
    }

    /** Tops the service's credit up to the window, in batches, counting messages still being queued. */
    private void replenish() {
        if (closed) {
            return;
        }
        int missing = AmqpLimits.SERVICE_C2D_CREDIT - receiver.getCredit() - queueing;
        if (missing >= AmqpLimits.SERVICE_C2D_CREDIT / 2 || (missing > 0 && receiver.getCredit() == 0)) {
            receiver.flow(missing);
        }
    }

    @Override
    public void closed() {
        closed = true;
    }
}
