package io.roost.core.c2d;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many messages each device's queue holds in the store, as committed, and their sum (kept
 * beside the map so a gauge reads it in O(1)). Changed only by the C2D store thread after a commit;
 * read from any thread.
 */
final class QueueDepths {

    private final ConcurrentMap<String, Integer> depths;
    private final AtomicInteger total = new AtomicInteger();

    QueueDepths(Map<String, Integer> committed) {
        this.depths = new ConcurrentHashMap<>(committed);
        this.total.set(depths.values().stream().mapToInt(Integer::intValue).sum());
    }

    int of(String deviceId) {
        return depths.getOrDefault(deviceId, 0);
    }

    int total() {
        return total.get();
    }

    /** Adds committed changes; a queue that reaches zero is forgotten. Store thread only. */
    void apply(Map<String, Integer> deltas) {
        deltas.forEach((deviceId, delta) -> {
            int before = of(deviceId);
            int after = Math.max(0, before + delta);
            if (after == 0) {
                depths.remove(deviceId);
            } else {
                depths.put(deviceId, after);
            }
            total.addAndGet(after - before);
        });
    }
}
