package io.roost.core.c2d;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who wants to hear that a device's queue may have a message to deliver now. Announcements are
 * made after the commit that put the message there, so a delivery they trigger finds it. One
 * failing listener does not keep the others from hearing. Thread-safe.
 */
final class AvailabilityListeners {

    private static final Logger LOG = LoggerFactory.getLogger(AvailabilityListeners.class);

    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    void add(Consumer<String> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void remove(Consumer<String> listener) {
        listeners.remove(listener);
    }

    /** Announces the device once the batch of {@code effects} is committed. Store thread only. */
    void announceAfterCommit(String deviceId, PendingEffects effects) {
        effects.afterCommit(() -> announce(deviceId));
    }

    private void announce(String deviceId) {
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(deviceId);
            } catch (RuntimeException e) {
                LOG.warn("A C2D availability listener failed for device {}", deviceId, e);
            }
        }
    }
}
