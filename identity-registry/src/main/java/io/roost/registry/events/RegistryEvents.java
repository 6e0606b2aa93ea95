package io.roost.registry.events;

/**
 * Receives every registry operation's outcome; the server routes it to the operations log.
 * Called on the thread that completed the operation (a registry worker or, for cache hits, the
 * caller); must not block. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface RegistryEvents {

    RegistryEvents NONE = event -> { };

    void onOperation(RegistryEvent event);
}
