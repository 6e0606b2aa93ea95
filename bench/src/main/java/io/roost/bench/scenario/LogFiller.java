package io.roost.bench.scenario;

import io.roost.core.log.segment.SegmentLog;
import io.roost.core.log.segment.SegmentLogConfig;
import io.roost.core.message.TelemetryMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fills a stopped Roost's D2C log ({@code {data-dir}/d2c}) with records through broker-core's own
 * {@link SegmentLog}, so the files are exactly what the server writes (docs/storage-format.md),
 * much faster than through MQTT: 1 KiB bodies spread over 64 device ids and so over every partition,
 * 4,096 appends in flight. The server must not run on the data dir meanwhile. Not thread-safe.
 */
final class LogFiller {

    static final int BODY_BYTES = 1024;
    static final int DEVICE_IDS = 64;
    static final int IN_FLIGHT = 4096;

    private LogFiller() {
    }

    /**
     * Appends until about {@code targetBytes} of bodies are durable, then closes the log cleanly.
     *
     * @return the records appended
     * @throws IOException when the log cannot be opened or an append fails
     */
    static long fill(Path d2cDirectory, int partitions, long targetBytes) throws IOException, InterruptedException {
        byte[] body = new byte[BODY_BYTES];
        java.util.Arrays.fill(body, (byte) 'x');
        TelemetryMessage[] messages = new TelemetryMessage[DEVICE_IDS];
        for (int i = 0; i < DEVICE_IDS; i++) {
            messages[i] = TelemetryMessage.of("fill-" + i, body);
        }
        long records = (targetBytes + BODY_BYTES - 1) / BODY_BYTES;
        Semaphore permits = new Semaphore(IN_FLIGHT);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong appended = new AtomicLong();
        try (SegmentLog log = SegmentLog.open(SegmentLogConfig.builder(d2cDirectory).partitions(partitions).build())) {
            for (long i = 0; i < records && failure.get() == null; i++) {
                permits.acquire();
                log.append(messages[(int) (i % DEVICE_IDS)]).whenComplete((record, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        appended.incrementAndGet();
                    }
                    permits.release();
                });
            }
            permits.acquire(IN_FLIGHT);
        }
        if (failure.get() != null) {
            throw new IOException("an append failed: " + failure.get(), failure.get());
        }
        return appended.get();
    }
}
