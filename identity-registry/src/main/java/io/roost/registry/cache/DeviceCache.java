package io.roost.registry.cache;

import io.roost.registry.device.Device;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Devices by id, keys included, for the authentication hot path. Bounded: when full, an arbitrary
 * entry makes room (a miss costs one indexed read). Thread-safe.
 *
 * <p>Staleness: a loader that read the store before a change must not put the old value back
 * after the change invalidated it. Every invalidation bumps an epoch; a loader takes
 * {@link #epoch()} before reading the store and {@link #putIfUnchanged} refuses the value if any
 * invalidation happened since. Coarse (any change refuses every load in flight), but always safe.
 */
public final class DeviceCache {

    private final ConcurrentHashMap<String, Device> devices = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private final int maxEntries;

    public DeviceCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    public Device get(String deviceId) {
        return devices.get(deviceId);
    }

    public long epoch() {
        return epoch.get();
    }

    /** Caches {@code device} unless an invalidation happened after {@code epochBeforeRead}. */
    public void putIfUnchanged(Device device, long epochBeforeRead) {
        if (devices.size() >= maxEntries) {
            Iterator<String> it = devices.keySet().iterator();
            if (it.hasNext()) {
                devices.remove(it.next());
            }
        }
        devices.put(device.deviceId(), device);
        if (epoch.get() != epochBeforeRead) {
            devices.remove(device.deviceId());
        }
    }

    /** Drops the device; call after its change is committed. */
    public void invalidate(String deviceId) {
        epoch.incrementAndGet();
        devices.remove(deviceId);
    }

    public int size() {
        return devices.size();
    }
}
