package io.roost.core.log.segment;

import io.roost.core.log.AppendedRecord;
import io.roost.core.log.LogReader;
import io.roost.core.log.LogRecord;
import io.roost.core.log.StartPosition;
import io.roost.core.log.TelemetryLog;
import io.roost.core.message.SystemProperty;
import io.roost.core.message.TelemetryMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared helpers of the log tests. */
final class LogTestSupport {

    private LogTestSupport() {
    }

    static TelemetryMessage message(String deviceId, int n) {
        Map<String, String> system = new LinkedHashMap<>();
        system.put(SystemProperty.MESSAGE_ID, "mid-" + n);
        system.put(SystemProperty.CONNECTION_DEVICE_ID, deviceId);
        Map<String, String> application = Map.of("n", Integer.toString(n), "ünï", "çødé & = ?");
        return new TelemetryMessage(deviceId, system, application,
                ("body " + n + " from " + deviceId).getBytes(StandardCharsets.UTF_8));
    }

    static AppendedRecord append(TelemetryLog log, TelemetryMessage message) {
        return log.append(message).join();
    }

    /** Reads a partition from a position to its current end. */
    static List<LogRecord> readAll(TelemetryLog log, int partition, StartPosition position) {
        List<LogRecord> records = new ArrayList<>();
        try (LogReader reader = log.openReader(partition, position)) {
            List<LogRecord> batch;
            while (!(batch = reader.poll(100)).isEmpty()) {
                records.addAll(batch);
            }
        }
        return records;
    }

    /** A device id that lands in the given partition. */
    static String deviceIn(int partition, int partitions) {
        for (int i = 0; ; i++) {
            String id = "device-" + i;
            if (io.roost.core.log.PartitionHash.partitionOf(id, partitions) == partition) {
                return id;
            }
        }
    }
}
