package io.roost.bench.log;

import io.roost.core.message.TelemetryMessage;
import java.util.Random;

/**
 * The messages the log benchmarks append: 64 devices (so every partition gets a share) taking
 * turns, each message a random body of a fixed size and no properties.
 */
final class Workload {

    static final int DEVICE_COUNT = 64;
    private static final int DEVICE_ID_BYTES = "device-00".length();

    private final TelemetryMessage[] messages = new TelemetryMessage[DEVICE_COUNT];
    private int next;

    Workload(int bodyBytes) {
        Random random = new Random(42);
        for (int i = 0; i < DEVICE_COUNT; i++) {
            byte[] body = new byte[bodyBytes];
            random.nextBytes(body);
            messages[i] = TelemetryMessage.of(String.format("device-%02d", i), body);
        }
    }

    /** The next device's message; not thread-safe. */
    TelemetryMessage next() {
        TelemetryMessage message = messages[next];
        next = (next + 1) % DEVICE_COUNT;
        return message;
    }

    /**
     * Bytes one message takes in a segment file (docs/storage-format.md): 26 bytes of fixed header,
     * the device id (u16 length + bytes), two empty property counts, the body length and the body.
     * {@link DurableAppendBenchmark} checks it against the log's size on disk.
     */
    static int recordBytes(int bodyBytes) {
        return 26 + 2 + DEVICE_ID_BYTES + 2 + 2 + 4 + bodyBytes;
    }
}
