package io.roost.core.log.segment;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.core.log.LogRecord;
import io.roost.core.message.TelemetryMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The byte layout of one record in a segment file (big-endian), documented in
 * docs/storage-format.md:
 *
 * <pre>
 *  0  int32  size        bytes that follow this field
 *  4  int32  crc         CRC-32C of every byte after this field
 *  8  int8   magic       1
 *  9  int8   attributes  0 (reserved)
 * 10  int64  offset      the partition's sequence number
 * 18  int64  enqueued    epoch milliseconds
 * 26  string deviceId    (u16 length + UTF-8)
 *     u16    system property count, then (string key, string value) pairs
 *     u16    application property count, then (string key, string value) pairs
 *     int32  body length, body bytes
 * </pre>
 *
 * Encoding happens on the producer's thread with offset and time left zero; the appender patches
 * both and the CRC ({@link #seal}). Stateless and thread-safe.
 */
final class RecordFormat {

    static final byte MAGIC = 1;
    static final int SIZE_FIELD_BYTES = 4;
    static final int CRC_POSITION = 4;
    static final int MAGIC_POSITION = 8;
    static final int OFFSET_POSITION = 10;
    static final int ENQUEUED_TIME_POSITION = 18;
    static final int FIXED_HEADER_BYTES = 26;
    /** Room for properties and header beyond the body limit; IoT Hub caps properties far lower. */
    static final int MAX_PROPERTY_BYTES = 64 * 1024;

    private static final int MAX_STRING_BYTES = 0xFFFF;

    private RecordFormat() {
    }

    /** Largest record a log with this body limit can hold, header included. */
    static int maxRecordBytes(int maxMessageBytes) {
        return FIXED_HEADER_BYTES + MAX_PROPERTY_BYTES + 4 + maxMessageBytes;
    }

    static ByteBuffer encode(TelemetryMessage message, int maxMessageBytes) {
        return encode(message, message.deviceId().getBytes(StandardCharsets.UTF_8), maxMessageBytes);
    }

    /**
     * Encodes a message with offset, time and CRC left zero; the caller already has the device
     * id's UTF-8 bytes (it hashed them to pick the partition).
     *
     * @throws RoostException PAYLOAD_TOO_LARGE for a body over the limit or too many property bytes,
     *     BAD_REQUEST for a string over 65,535 UTF-8 bytes or more than 65,535 properties
     */
    static ByteBuffer encode(TelemetryMessage message, byte[] deviceIdUtf8, int maxMessageBytes) {
        if (message.body().length > maxMessageBytes) {
            throw new RoostException(Status.PAYLOAD_TOO_LARGE,
                    "message body is " + message.body().length + " bytes; the limit is " + maxMessageBytes);
        }
        if (deviceIdUtf8.length > MAX_STRING_BYTES) {
            throw new RoostException(Status.BAD_REQUEST, "device id is longer than 65,535 UTF-8 bytes");
        }
        byte[] deviceId = deviceIdUtf8;
        byte[][] system = encodeProperties(message.systemProperties());
        byte[][] application = encodeProperties(message.applicationProperties());
        int propertyBytes = 2 + deviceId.length + totalLength(system) + totalLength(application);
        if (propertyBytes > MAX_PROPERTY_BYTES) {
            throw new RoostException(Status.PAYLOAD_TOO_LARGE,
                    "message properties take " + propertyBytes + " bytes; the limit is " + MAX_PROPERTY_BYTES);
        }
        int total = FIXED_HEADER_BYTES + propertyBytes + 4 + message.body().length;
        ByteBuffer buffer = ByteBuffer.allocate(total);
        buffer.putInt(total - SIZE_FIELD_BYTES);
        buffer.putInt(0);
        buffer.put(MAGIC);
        buffer.put((byte) 0);
        buffer.putLong(0L);
        buffer.putLong(0L);
        putString(buffer, deviceId);
        putProperties(buffer, system);
        putProperties(buffer, application);
        buffer.putInt(message.body().length);
        buffer.put(message.body());
        buffer.flip();
        return buffer;
    }

    /** Stamps offset and enqueued time into an encoded record and computes its CRC. */
    static void seal(ByteBuffer record, long offset, long enqueuedTimeMillis, CRC32C crc) {
        int start = record.position();
        record.putLong(start + OFFSET_POSITION, offset);
        record.putLong(start + ENQUEUED_TIME_POSITION, enqueuedTimeMillis);
        record.putInt(start + CRC_POSITION, crcOf(record, start, crc));
    }

    /** CRC-32C of the record starting at {@code start}, over the bytes its size field covers after the CRC. */
    static int crcOf(ByteBuffer buffer, int start, CRC32C crc) {
        int size = buffer.getInt(start);
        crc.reset();
        // Heap buffers (every record on the hot path) are checksummed in place, without a slice object.
        if (buffer.hasArray()) {
            crc.update(buffer.array(), buffer.arrayOffset() + start + MAGIC_POSITION, size - SIZE_FIELD_BYTES);
        } else {
            crc.update(buffer.slice(start + MAGIC_POSITION, size - SIZE_FIELD_BYTES));
        }
        return (int) crc.getValue();
    }

    static long offsetAt(ByteBuffer buffer, int start) {
        return buffer.getLong(start + OFFSET_POSITION);
    }

    static long enqueuedTimeAt(ByteBuffer buffer, int start) {
        return buffer.getLong(start + ENQUEUED_TIME_POSITION);
    }

    /** Total bytes of the record at {@code start}, size field included. */
    static int totalSizeAt(ByteBuffer buffer, int start) {
        return buffer.getInt(start) + SIZE_FIELD_BYTES;
    }

    /**
     * Whether a plausible, CRC-valid record starts at {@code start} and lies wholly inside the
     * buffer's limit.
     */
    static boolean isValidAt(ByteBuffer buffer, int start, int maxRecordBytes, CRC32C crc) {
        if (buffer.limit() - start < FIXED_HEADER_BYTES) {
            return false;
        }
        int size = buffer.getInt(start);
        if (size < FIXED_HEADER_BYTES - SIZE_FIELD_BYTES || size > maxRecordBytes
                || (long) start + SIZE_FIELD_BYTES + size > buffer.limit()) {
            return false;
        }
        return buffer.get(start + MAGIC_POSITION) == MAGIC
                && buffer.getInt(start + CRC_POSITION) == crcOf(buffer, start, crc);
    }

    /** Decodes the (already validated) record at {@code start}; leaves the buffer's position alone. */
    static LogRecord decode(ByteBuffer buffer, int start, int partition) {
        ByteBuffer in = buffer.duplicate();
        in.position(start + OFFSET_POSITION);
        long offset = in.getLong();
        long enqueuedTimeMillis = in.getLong();
        String deviceId = getString(in);
        Map<String, String> system = getProperties(in);
        Map<String, String> application = getProperties(in);
        byte[] body = new byte[in.getInt()];
        in.get(body);
        return new LogRecord(partition, offset, enqueuedTimeMillis,
                new TelemetryMessage(deviceId, system, application, body));
    }

    private static byte[] utf8(String value, String what) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES) {
            throw new RoostException(Status.BAD_REQUEST, what + " is longer than 65,535 UTF-8 bytes");
        }
        return bytes;
    }

    private static byte[][] encodeProperties(Map<String, String> properties) {
        if (properties.size() > MAX_STRING_BYTES) {
            throw new RoostException(Status.BAD_REQUEST, "more than 65,535 properties");
        }
        byte[][] encoded = new byte[properties.size() * 2][];
        int i = 0;
        for (Map.Entry<String, String> property : properties.entrySet()) {
            encoded[i++] = utf8(property.getKey(), "property name");
            encoded[i++] = utf8(property.getValue(), "property value");
        }
        return encoded;
    }

    private static int totalLength(byte[][] strings) {
        int total = 2;
        for (byte[] string : strings) {
            total += 2 + string.length;
        }
        return total;
    }

    private static void putString(ByteBuffer buffer, byte[] string) {
        buffer.putShort((short) string.length);
        buffer.put(string);
    }

    private static void putProperties(ByteBuffer buffer, byte[][] strings) {
        buffer.putShort((short) (strings.length / 2));
        for (byte[] string : strings) {
            putString(buffer, string);
        }
    }

    private static String getString(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        String value = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }

    private static Map<String, String> getProperties(ByteBuffer in) {
        int count = Short.toUnsignedInt(in.getShort());
        if (count == 0) {
            return Map.of();
        }
        Map<String, String> properties = new LinkedHashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            properties.put(getString(in), getString(in));
        }
        return properties;
    }
}
