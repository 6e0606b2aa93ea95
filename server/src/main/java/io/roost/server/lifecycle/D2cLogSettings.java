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
                .build();
    }
}
