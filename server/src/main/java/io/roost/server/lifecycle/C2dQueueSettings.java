package io.roost.server.lifecycle;

import io.roost.core.c2d.C2dSettings;
import io.roost.server.config.ServerConfig;

/** Maps the server's configuration to the C2D queues' settings. Stateless and thread-safe. */
public final class C2dQueueSettings {

    private C2dQueueSettings() {
    }

    /** IoT Hub's limits, with those an operator may change taken from {@code config}. */
    public static C2dSettings of(ServerConfig config) {
        return C2dSettings.defaults()
                .withMaxQueueDepth(config.c2d().maxQueueDepth())
                .withDefaultTtl(config.c2d().defaultTtl())
                .withMaxDeliveryCount(config.c2d().maxDeliveryCount())
                .withLockTimeout(config.c2d().lockTimeout());
    }
}
