package io.roost.amqp;

import io.roost.core.c2d.FeedbackBatch;
import io.roost.core.c2d.FeedbackQueue;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
 * A service's feedback link ({@code /messages/servicebound/feedback}, our sender): while the service
 * grants credit, takes the oldest feedback batch from the {@link FeedbackQueue} (locked for the
 * service) and sends it as one message, at most {@link AmqpLimits#FEEDBACK_MAX_IN_FLIGHT}
 * unsettled. The queue has no notification for new batches, so an idle link with credit asks again
 * every {@link AmqpLimits#FEEDBACK_POLL_MILLIS} ms (batches are made every 15 s at most anyway).
 * The service's disposition settles the batch: Accepted (or settling without a state) and Rejected
 * complete it (a rejected batch would come back forever otherwise), Released or Modified abandon it
 * (delivered again). Unsettled batches are abandoned when the link ends. Confined to the
 * connection's event loop (queue results hop back to it).
 */
final class FeedbackLink implements ServiceLink {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackLink.class);

    private final AmqpConnectionHandler connection;
    private final Sender sender;
    private final FeedbackQueue feedback;
    private final Map<Delivery, String> inFlight = new HashMap<>();
    private ScheduledFuture<?> poll;
    private boolean receiving;
    private boolean closed;
    private long deliveryTag;

    FeedbackLink(AmqpConnectionHandler connection, Sender sender) {
        this.connection = connection;
        this.sender = sender;
        this.feedback = connection.endpoint().c2d().feedback();
        sender.open();
    }

    @Override
    public Link link() {
        return sender;
    }

    @Override
    public void flow() {
        pull();
    }

    private void pull() {
        if (closed || receiving || poll != null || sender.getCredit() <= 0
                || inFlight.size() >= AmqpLimits.FEEDBACK_MAX_IN_FLIGHT) {
            return;
        }
        receiving = true;
        feedback.receive().whenComplete((batch, failure) -> connection.execute(() -> {
            receiving = false;
            if (closed) {
                batch.ifPresent(b -> settle(feedback.abandon(b.lockToken()), "abandoning"));
                return;
            }
            if (failure != null) {
                LOG.warn("Receiving the next feedback batch failed; asking again in {} ms",
                        AmqpLimits.FEEDBACK_POLL_MILLIS, failure);
                schedulePoll();
            } else if (batch.isPresent()) {
                send(batch.get());
                pull();
            } else {
                if (sender.getDrain() && sender.getCredit() > 0) {
                    sender.drained();
                }
                schedulePoll();
            }
        }));
    }

    private void schedulePoll() {
        poll = connection.executor().schedule(() -> connection.execute(() -> {
            poll = null;
            pull();
        }), AmqpLimits.FEEDBACK_POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void send(FeedbackBatch batch) {
        if (sender.getCredit() <= 0) {
            settle(feedback.abandon(batch.lockToken()), "abandoning");
            return;
        }
        byte[] encoded = AmqpMessages.encode(ServiceMessages.feedback(batch), 512 + batch.records().size() * 300);
        Delivery delivery = sender.delivery(Long.toString(deliveryTag++).getBytes(StandardCharsets.US_ASCII));
        inFlight.put(delivery, batch.lockToken());
        sender.send(encoded, 0, encoded.length);
        sender.advance();
    }

    @Override
    public void delivery(Delivery delivery) {
        DeliveryState state = delivery.getRemoteState();
        if (state == null && !delivery.remotelySettled()) {
            return;
        }
        String lockToken = inFlight.remove(delivery);
        delivery.settle();
        if (lockToken == null) {
            return;
        }
        if (state instanceof Released || state instanceof Modified) {
            settle(feedback.abandon(lockToken), "abandoning");
        } else if (state == null || state instanceof Accepted || state instanceof Rejected) {
            settle(feedback.complete(lockToken), "completing");
        }
        pull();
    }

    private void settle(CompletableFuture<?> outcome, String what) {
        outcome.whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.debug("{} a feedback batch failed: {}", what, failure.getMessage());
            }
        });
    }

    @Override
    public void closed() {
        closed = true;
        if (poll != null) {
            poll.cancel(false);
            poll = null;
        }
        inFlight.values().forEach(lockToken -> settle(feedback.abandon(lockToken), "abandoning"));
        inFlight.clear();
    }
}
