package io.roost.core.throttle;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * Per-key throttle state (a device's bucket, a policy's bucket) with bounded memory. When the map
 * reaches {@code maxEntries} it first drops entries that are idle (a full bucket is the same as a
 * new one, so forgetting it loses nothing); if that is not enough it drops arbitrary entries down
 * to three quarters of the limit. That fails open: a forgotten device starts again with a full
 * bucket, which is better than growing without bound. The sweep walks the map once per quarter of
 * the limit inserted, so its cost is spread over the inserts. Thread-safe.
 */
final class IdleEvictingMap<V extends IdleEvictingMap.Evictable> {

    /** State that knows when forgetting it loses nothing. */
    interface Evictable {
        boolean isIdle(long nowNanos);
    }

    private final Map<String, V> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final LongFunction<V> factory;

    /**
     * @param maxEntries at least 4
     * @param factory makes the state of a key seen for the first time, given the current nanos
     */
    IdleEvictingMap(int maxEntries, LongFunction<V> factory) {
        if (maxEntries < 4) {
            throw new IllegalArgumentException("maxEntries must be at least 4, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.factory = factory;
    }

    /** The state of {@code key}, made if there is none. */
    V get(String key, long nowNanos) {
        V existing = entries.get(key);
        if (existing != null) {
            return existing;
        }
        if (entries.size() >= maxEntries) {
            sweep(nowNanos);
        }
        return entries.computeIfAbsent(key, k -> factory.apply(nowNanos));
    }

    int size() {
        return entries.size();
    }

    private void sweep(long nowNanos) {
        entries.values().removeIf(state -> state.isIdle(nowNanos));
        int target = maxEntries * 3 / 4;
        Iterator<V> iterator = entries.values().iterator();
        while (entries.size() > target && iterator.hasNext()) {
            iterator.next();
            iterator.remove();
        }
    }
}
