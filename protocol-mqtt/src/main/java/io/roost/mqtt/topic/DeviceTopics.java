package io.roost.mqtt.topic;

import java.util.Optional;

/**
 * The IoT Hub MQTT topic grammar of one device (design.md section 6). Stateless; thread-safe.
 */
public final class DeviceTopics {

    private static final String EVENTS = "/messages/events";

    private DeviceTopics() {
    }

    /**
     * The encoded property bag of a D2C publish by {@code deviceId}: the topic is
     * {@code devices/{deviceId}/messages/events/{bag}}, or the legacy form without the trailing
     * slash. Empty when the topic is anything else (another device's, or unknown).
     */
    public static Optional<String> eventPropertyBag(String topic, String deviceId) {
        String prefix = "devices/" + deviceId + EVENTS;
        if (topic == null || !topic.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = topic.substring(prefix.length());
        if (rest.isEmpty()) {
            return Optional.of("");
        }
        if (rest.charAt(0) != '/') {
            return Optional.empty();
        }
        String bag = rest.substring(1);
        return bag.indexOf('/') >= 0 ? Optional.empty() : Optional.of(bag);
    }

    /** The filter a device subscribes to for its cloud-to-device messages. */
    public static String c2dFilter(String deviceId) {
        return "devices/" + deviceId + "/messages/devicebound/#";
    }

    /**
     * Whether {@code deviceId} may subscribe to {@code filter}: its own cloud-to-device topic and
     * the twin and method topics the Azure SDKs subscribe to on connect.
     */
    public static boolean maySubscribe(String filter, String deviceId) {
        return filter.equals(c2dFilter(deviceId))
                || filter.equals("$iothub/twin/res/#")
                || filter.equals("$iothub/methods/POST/#")
                || filter.equals("$iothub/twin/PATCH/properties/desired/#");
    }
}
