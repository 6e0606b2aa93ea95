package io.roost.registry;

import java.time.Duration;

/**
 * Tunables of a {@link DeviceRegistry}. Immutable.
 *
 * @param maxTokenLifetime longest SAS token lifetime accepted (expiry minus now)
 * @param cacheEntries devices kept in the authentication cache
 * @param workerThreads threads running store calls (SQLite has one writer; 2 lets reads proceed)
 * @param workerQueue store calls waiting before new ones fail with 503
 */
public record RegistryOptions(Duration maxTokenLifetime, int cacheEntries, int workerThreads, int workerQueue) {

    public static RegistryOptions defaults() {
        return new RegistryOptions(Duration.ofDays(365), 1_000_000, 2, 10_000);
    }

    public RegistryOptions withMaxTokenLifetime(Duration lifetime) {
        return new RegistryOptions(lifetime, cacheEntries, workerThreads, workerQueue);
    }
}
