package io.roost.registry.revocation;

import io.roost.registry.device.Device;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a committed change revokes a device's sessions and tells the listeners.
 * Thread-safe: listeners may be added and removed while changes are reported.
 */
public final class RevocationNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationNotifier.class);

    private final List<DeviceRevocationListener> listeners = new CopyOnWriteArrayList<>();

    public void add(DeviceRevocationListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void remove(DeviceRevocationListener listener) {
        listeners.remove(listener);
    }

    /**
     * Reports a durable change; null {@code before} is a create (revokes nothing), null
     * {@code after} a delete.
     */
    public void changed(Device before, Device after) {
        RevocationReason reason = reason(before, after);
        if (reason == null) {
            return;
        }
        for (DeviceRevocationListener l : listeners) {
            try {
                l.deviceRevoked(before.deviceId(), before.generationId(), reason);
            } catch (RuntimeException e) {
                LOG.warn("Revocation listener failed for device {}", before.deviceId(), e);
            }
        }
    }

    static RevocationReason reason(Device before, Device after) {
        if (before == null) {
            return null;
        }
        if (after == null) {
            return RevocationReason.DELETED;
        }
        if (before.isEnabled() && !after.isEnabled()) {
            return RevocationReason.DISABLED;
        }
        if (!before.authentication().equals(after.authentication())) {
            return RevocationReason.CREDENTIALS_CHANGED;
        }
        return null;
    }
}
