package io.roost.server.lifecycle;

import io.roost.core.log.segment.SegmentLogConfig;
import io.roost.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;

/** Maps the server's configuration to the segment log's. Stateless and thread-safe. */
public final class D2cLogSettings {

    public static final String DIRECTORY = "d2c";

    private D2cLogSettings() {
    }

    public static SegmentLogConfig of(ServerConfig config, Path dataDir) {
        return SegmentLogConfig.builder(dataDir.resolve(DIRECTORY))
                .partitions(config.d2c().partitions())
                .retention(Duration.ofDays(config.d2c().retentionDays()))
                .maxMessageBytes(config.d2c().maxMessageBytes())
                .retentionBytesPerPartition(config.d2c().maxPartitionMegabytes() * 1024L * 1024L)
                .batchMaxBytes(config.d2c().batchMaxBytes())
                .maxLinger(Duration.ofMillis(config.d2c().maxLingerMillis()))
                .appendQueueCapacity(config.d2c().appendQueueCapacity())
                .build();
    }
}
