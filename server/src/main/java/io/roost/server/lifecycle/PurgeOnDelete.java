package io.roost.server.lifecycle;

import io.roost.core.c2d.C2dQueues;
import io.roost.core.c2d.RejectCounts;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.revocation.DeviceRevocationListener;
import io.roost.registry.revocation.RevocationReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties a deleted device's C2D queue (its messages end as Purged, with feedback where asked)
 * and forgets its reject count, so a device created again with the same id starts with nothing.
 * The registry calls it after the delete is durable; the purge is queued on the queues' store
 * thread, and a send for the deleted generation that reaches that thread later (it looked the
 * device up before the delete) is refused, so no message outlives its device. Closing it unregisters it. Thread-safe.
 */
final class PurgeOnDelete implements DeviceRevocationListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PurgeOnDelete.class);

    private final DeviceRegistry registry;
    private final C2dQueues queues;
    private final RejectCounts rejects;

    private PurgeOnDelete(DeviceRegistry registry, C2dQueues queues, RejectCounts rejects) {
        this.registry = registry;
        this.queues = queues;
        this.rejects = rejects;
    }

    static PurgeOnDelete register(DeviceRegistry registry, C2dQueues queues, RejectCounts rejects) {
        PurgeOnDelete listener = new PurgeOnDelete(registry, queues, rejects);
        registry.addRevocationListener(listener);
        return listener;
    }

    @Override
    public void deviceRevoked(String deviceId, RevocationReason reason) {
        throw new UnsupportedOperationException("the registry names the generation");
    }

    @Override
    public void deviceRevoked(String deviceId, String generationId, RevocationReason reason) {
        if (reason != RevocationReason.DELETED) {
            return;
        }
        rejects.forget(deviceId);
        queues.retire(deviceId, generationId).whenComplete((count, failure) -> {
            if (failure != null) {
                LOG.warn("could not purge the C2D queue of deleted device {}: {}", deviceId, failure.toString());
            }
        });
    }

    @Override
    public void close() {
        registry.removeRevocationListener(this);
    }
}
