package io.roost.amqp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;

/**
 * The transfers a sending link has out, each carrying what it holds under a lock token (a C2D
 * message, a feedback batch) until the peer settles it. The link turns the peer's outcome into
 * complete, reject or abandon; what is still out when the link closes is abandoned. Not
 * thread-safe; confined to the connection's event loop.
 */
final class LockedTransfers {

    /** What the peer did with the transfer of {@code lockToken}; {@code state} null when it settled without one. */
    record Outcome(String lockToken, DeliveryState state) {
    }

    private final Map<Delivery, String> inFlight = new HashMap<>();
    private long deliveryTag;

    int size() {
        return inFlight.size();
    }

    /** Sends {@code encoded} as one transfer holding {@code lockToken}. */
    void send(Sender sender, byte[] encoded, String lockToken) {
        Delivery delivery = sender.delivery(Long.toString(deliveryTag++).getBytes(StandardCharsets.US_ASCII));
        inFlight.put(delivery, lockToken);
        sender.send(encoded, 0, encoded.length);
        sender.advance();
    }

    /**
     * Settles {@code delivery} once the peer has given an outcome or settled it, and returns what it
     * held; null while the peer has said nothing yet, or for a delivery this link no longer holds.
     */
    Outcome settled(Delivery delivery) {
        DeliveryState state = delivery.getRemoteState();
        if (state == null && !delivery.remotelySettled()) {
            return null;
        }
        String lockToken = inFlight.remove(delivery);
        delivery.settle();
        return lockToken == null ? null : new Outcome(lockToken, state);
    }

    /** Forgets every transfer still out and returns their lock tokens, for the link to abandon. */
    List<String> drain() {
        List<String> lockTokens = new ArrayList<>(inFlight.values());
        inFlight.clear();
        return lockTokens;
    }
}
