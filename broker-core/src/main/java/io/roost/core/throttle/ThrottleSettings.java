package io.roost.core.throttle;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits a {@link Throttle} enforces; 0 turns a limit off. Immutable.
 *
 * @param deviceMessagesPerSecond D2C messages one device may send per second on average
 * @param deviceBurst messages a device may send at once above its rate after being quiet; 0 means
 *     one second's worth of {@code deviceMessagesPerSecond}
 * @param hubMessagesPerSecond D2C messages all devices together may send per second
 * @param deviceConnectsPerMinute connects (MQTT CONNECT, AMQP telemetry link) one device may make
 *     per minute, in bursts of as many
 * @param disconnectAfter how long a device may stay over its own D2C rate before its connection is
 *     closed; {@link Duration#ZERO} never closes it
 * @param policyRequestsPerSecond registry REST requests one shared access policy may make per
 *     second, in bursts of as many
 */
public record ThrottleSettings(int deviceMessagesPerSecond, int deviceBurst, int hubMessagesPerSecond,
        int deviceConnectsPerMinute, Duration disconnectAfter, int policyRequestsPerSecond) {

    /** Every limit off. */
    public static final ThrottleSettings UNLIMITED = new ThrottleSettings(0, 0, 0, 0, Duration.ZERO, 0);

    public ThrottleSettings {
        Objects.requireNonNull(disconnectAfter, "disconnectAfter");
        if (deviceMessagesPerSecond < 0 || deviceBurst < 0 || hubMessagesPerSecond < 0 || deviceConnectsPerMinute < 0
                || policyRequestsPerSecond < 0 || disconnectAfter.isNegative()) {
            throw new IllegalArgumentException("throttle limits cannot be negative: " + this);
        }
    }

    /** The device bucket's capacity: the burst, or one second's worth of the rate. */
    double effectiveDeviceBurst() {
        return Math.max(1, deviceBurst == 0 ? deviceMessagesPerSecond : deviceBurst);
    }
}
