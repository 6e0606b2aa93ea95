package io.roost.mqtt.topic;

import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.QueuedC2dMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The topic of a cloud-to-device PUBLISH: {@code devices/{id}/messages/devicebound/{bag}}, the bag
 * as IoT Hub writes it: {@code %24.to} first, then {@code %24.mid}, {@code %24.cid},
 * {@code %24.uid}, {@code %24.ct}, {@code %24.ce}, {@code iothub-ack} and the application
 * properties, every key and value percent-encoded (space as {@code %20}).
 *
 * <p>The Azure device SDK for Java finds the bag by the first {@code %24} in the topic, so the bag
 * always starts with {@code %24.to}; and it splits each pair on {@code =} and fails on an empty
 * value, so properties with an empty value are left out. Stateless; thread-safe.
 */
public final class C2dTopic {

    private C2dTopic() {
    }

    public static String of(QueuedC2dMessage queued) {
        C2dMessage message = queued.message();
        String deviceId = queued.deviceId();
        StringBuilder topic = new StringBuilder(128).append("devices/").append(deviceId).append("/messages/devicebound/");
        topic.append("%24.to=").append(encode("/devices/" + deviceId + "/messages/deviceBound"));
        append(topic, "%24.mid", message.messageId());
        append(topic, "%24.cid", message.correlationId());
        append(topic, "%24.uid", message.userId());
        append(topic, "%24.ct", message.contentType());
        append(topic, "%24.ce", message.contentEncoding());
        append(topic, "iothub-ack", message.ack().wireName());
        message.applicationProperties().forEach((key, value) -> append(topic, encode(key), value));
        return topic.toString();
    }

    private static void append(StringBuilder topic, String encodedKey, String value) {
        if (value != null && !value.isEmpty()) {
            topic.append('&').append(encodedKey).append('=').append(encode(value));
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
