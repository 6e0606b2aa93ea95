package io.roost.core.c2d;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recent device generations that were deleted, oldest forgotten first. Only the race
 * between a delete and a send already on its way needs them, so a bounded memory is enough: a
 * generation id is never reused, and a send that waited behind tens of thousands of later
 * deletes is not a case worth more memory. Not thread-safe; confined to the queues' store thread.
 */
final class RetiredGenerations {

    static final int DEFAULT_CAPACITY = 10_000;

    private final Map<String, Boolean> generations;

    RetiredGenerations(int capacity) {
        this.generations = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    void add(String deviceGenerationId) {
        generations.put(deviceGenerationId, Boolean.TRUE);
    }

    /** Forgets a generation whose retirement was undone (its purge did not commit). */
    void remove(String deviceGenerationId) {
        generations.remove(deviceGenerationId);
    }

    boolean contains(String deviceGenerationId) {
        return deviceGenerationId != null && generations.containsKey(deviceGenerationId);
    }
}
