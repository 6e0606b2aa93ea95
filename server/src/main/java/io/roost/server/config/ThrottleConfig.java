package io.roost.server.config;

import io.roost.core.throttle.ThrottleSettings;
import java.time.Duration;

/**
 * Reads the {@code throttle.*} keys (docs/configuration.md, "Throttling") into the core's
 * {@link ThrottleSettings}. The defaults leave D2C and registry traffic unlimited: a self-hosted
 * hub's owner sets the limits that fit their devices, and our load generator sends tens of
 * thousands of messages a second per device. Connects are limited by default because a device
 * reconnecting in a tight loop is always a fault. Stateless.
 */
final class ThrottleConfig {

    public static final int DEFAULT_DEVICE_CONNECTS_PER_MINUTE = 600;
    public static final Duration DEFAULT_DISCONNECT_AFTER = Duration.ofSeconds(60);
    static final Duration MAX_DISCONNECT_AFTER = Duration.ofHours(24);
    static final int MAX_RATE = 10_000_000;

    private ThrottleConfig() {
    }

    static ThrottleSettings read(ConfigValues values) {
        return new ThrottleSettings(
                values.intInRange(ConfigKeys.THROTTLE_DEVICE_MESSAGES_PER_SECOND, 0, 0, MAX_RATE),
                values.intInRange(ConfigKeys.THROTTLE_DEVICE_BURST, 0, 0, MAX_RATE),
                values.intInRange(ConfigKeys.THROTTLE_HUB_MESSAGES_PER_SECOND, 0, 0, MAX_RATE),
                values.intInRange(ConfigKeys.THROTTLE_DEVICE_CONNECTS_PER_MINUTE, DEFAULT_DEVICE_CONNECTS_PER_MINUTE, 0,
                        MAX_RATE),
                values.duration(ConfigKeys.THROTTLE_DISCONNECT_AFTER, DEFAULT_DISCONNECT_AFTER, Duration.ZERO,
                        MAX_DISCONNECT_AFTER),
                values.intInRange(ConfigKeys.THROTTLE_POLICY_REQUESTS_PER_SECOND, 0, 0, MAX_RATE));
    }
}
