package io.roost.bench.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * One device's MQTT 3.1.1 PUBLISH packets, with everything but the packet id encoded once: the
 * fixed header, the remaining length and the topic are a precomputed prefix, and the payload is
 * shared by all devices. Encoding a message is one pooled buffer and two copies, where Netty's
 * {@code MqttEncoder} would encode the topic string again for every message. The layout is MQTT
 * 3.1.1 section 3.3 (fixed header 0x30 | QoS &lt;&lt; 1, section 2.2.3 remaining length,
 * UTF-8 topic with a 2-byte length, packet id for QoS 1, then the payload). Immutable; thread-safe.
 */
final class PublishEncoder {

    private final byte[] prefix;
    private final byte[] payload;
    private final boolean withPacketId;
    private final int packetBytes;

    PublishEncoder(String topic, int qos, byte[] payload) {
        if (qos < 0 || qos > 1) {
            throw new IllegalArgumentException("QoS " + qos);
        }
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        if (topicBytes.length > 65_535) {
            throw new IllegalArgumentException("topic longer than 65535 bytes");
        }
        this.withPacketId = qos == 1;
        this.payload = payload;
        int remaining = 2 + topicBytes.length + (withPacketId ? 2 : 0) + payload.length;
        if (remaining > 268_435_455) {
            throw new IllegalArgumentException("packet over MQTT's 256 MB limit");
        }
        byte[] length = remainingLength(remaining);
        prefix = new byte[1 + length.length + 2 + topicBytes.length];
        prefix[0] = (byte) (0x30 | qos << 1);
        System.arraycopy(length, 0, prefix, 1, length.length);
        prefix[1 + length.length] = (byte) (topicBytes.length >>> 8);
        prefix[2 + length.length] = (byte) topicBytes.length;
        System.arraycopy(topicBytes, 0, prefix, 3 + length.length, topicBytes.length);
        packetBytes = prefix.length + (withPacketId ? 2 : 0) + payload.length;
    }

    /** The bytes of one packet on the wire. */
    int packetBytes() {
        return packetBytes;
    }

    /** A new buffer holding the packet; {@code packetId} is ignored for QoS 0. */
    ByteBuf encode(ByteBufAllocator alloc, int packetId) {
        ByteBuf packet = alloc.directBuffer(packetBytes, packetBytes);
        packet.writeBytes(prefix);
        if (withPacketId) {
            packet.writeShort(packetId);
        }
        return packet.writeBytes(payload);
    }

    /** MQTT's variable-length integer: 7 bits per byte, least significant first, high bit = more. */
    static byte[] remainingLength(int value) {
        byte[] out = new byte[4];
        int n = 0;
        do {
            int digit = value % 128;
            value /= 128;
            out[n++] = (byte) (value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return java.util.Arrays.copyOf(out, n);
    }

    /** A payload of {@code bytes} printable bytes (the content does not matter to a broker). */
    static byte[] payload(int bytes) {
        byte[] payload = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        return payload;
    }
}
