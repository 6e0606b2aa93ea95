package io.roost.amqp;

import io.roost.core.c2d.C2dQueues;
import io.roost.core.c2d.QueuedC2dMessage;
import java.util.concurrent.CompletableFuture;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's cloud-to-device link ({@code /devices/{id}/messages/devicebound}, our sender): takes
 * messages from the device's queue one at a time (each locked by {@link C2dQueues#receive}) while
 * the device grants credit and the channel is writable, at most
 * {@link AmqpLimits#C2D_MAX_IN_FLIGHT} unsettled. The device's disposition settles the message:
 * Accepted completes it, Rejected rejects it (dead-letters it), Released or Modified abandons it
 * (delivered again). When the link or connection ends, unsettled
 * messages are abandoned. Confined to the connection's event loop (queue results hop back to it).
 */
final class C2dLink implements LinkHandler {

    private static final Logger LOG = LoggerFactory.getLogger(C2dLink.class);

    private final AmqpConnectionHandler connection;
    private final Sender sender;
    private final String deviceId;
    private final C2dQueues queues;
    private final LockedTransfers inFlight = new LockedTransfers();
    private boolean receiving;
    private boolean availableWhileReceiving;
    private boolean closed;

    C2dLink(AmqpConnectionHandler connection, Sender sender, String deviceId) {
        this.connection = connection;
        this.sender = sender;
        this.deviceId = deviceId;
        this.queues = connection.endpoint().c2d();
        sender.setMaxMessageSize(UnsignedLong.valueOf(AmqpLimits.MAX_C2D_MESSAGE_BYTES));
        sender.open();
    }

    @Override
    public Link link() {
        return sender;
    }

    @Override
    public String deviceId() {
        return deviceId;
    }

    @Override
    public void flow() {
        pull();
        drainIfIdle();
    }

    /**
     * A device that asks to drain (AMQP 1.0 section 2.6.7) gets its unused credit back once nothing
     * more can be sent now: the queue is empty or the in-flight limit is reached.
     */
    private void drainIfIdle() {
        if (!closed && !receiving && sender.getDrain() && sender.getCredit() > 0) {
            sender.drained();
        }
    }

    /** The queue may have a message for the device now, or the channel became writable again. */
    void available() {
        if (receiving) {
            availableWhileReceiving = true;
        }
        pull();
    }

    private void pull() {
        if (closed || receiving || sender.getCredit() <= 0 || inFlight.size() >= AmqpLimits.C2D_MAX_IN_FLIGHT
                || !connection.channel().isWritable()) {
            return;
        }
        receiving = true;
        availableWhileReceiving = false;
        queues.receive(deviceId).whenComplete((received, failure) -> connection.execute(() -> {
            receiving = false;
            if (failure != null) {
                LOG.warn("Receiving the next C2D message of device {} failed; retrying when one is sent", deviceId, failure);
                drainIfIdle();
                return;
            }
            if (received.isPresent()) {
                send(received.get());
                pull();
            } else if (availableWhileReceiving) {
                pull();
            }
            drainIfIdle();
        }));
    }

    private void send(QueuedC2dMessage message) {
        if (closed || sender.getCredit() <= 0) {
            settle(queues.abandon(deviceId, message.lockToken()), "abandoning");
            return;
        }
        byte[] encoded = AmqpMessages.encode(AmqpMessages.c2d(message), message.message().body().length + 1024);
        inFlight.send(sender, encoded, message.lockToken());
    }

    @Override
    public void delivery(Delivery delivery) {
        LockedTransfers.Outcome outcome = inFlight.settled(delivery);
        if (outcome == null) {
            return;
        }
        DeliveryState state = outcome.state();
        String lockToken = outcome.lockToken();
        if (state instanceof Rejected) {
            settle(queues.reject(deviceId, lockToken), "rejecting");
        } else if (state instanceof Released || state instanceof Modified) {
            settle(queues.abandon(deviceId, lockToken), "abandoning");
        } else if (state == null || state instanceof Accepted) {
            settle(queues.complete(deviceId, lockToken), "completing");
        }
        pull();
    }

    private void settle(CompletableFuture<?> outcome, String what) {
        outcome.whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.debug("{} a C2D message of device {} failed: {}", what, deviceId, failure.getMessage());
            }
        });
    }

    @Override
    public void closed() {
        closed = true;
        inFlight.drain().forEach(lockToken -> settle(queues.abandon(deviceId, lockToken), "abandoning"));
    }
}
