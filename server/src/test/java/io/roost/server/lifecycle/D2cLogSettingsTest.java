package io.roost.server.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.log.segment.SegmentLogConfig;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class D2cLogSettingsTest {

    @Test
    void of_whenConfigured_thenSegmentLogUnderDataDirWithTheSameLimits() {
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of(
                "ROOST_D2C_PARTITIONS", "32", "ROOST_D2C_RETENTIONDAYS", "7", "ROOST_D2C_MAXMESSAGEBYTES", "1024",
                "ROOST_D2C_MAXPARTITIONMEGABYTES", "128", "ROOST_D2C_BATCHMAXBYTES", "65536",
                "ROOST_D2C_MAXLINGERMILLIS", "2", "ROOST_D2C_APPENDQUEUECAPACITY", "100"), Map.of());

        SegmentLogConfig settings = D2cLogSettings.of(config, Path.of("/srv/roost"));

        assertThat(settings.directory()).isEqualTo(Path.of("/srv/roost/d2c"));
        assertThat(settings.partitions()).isEqualTo(32);
        assertThat(settings.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.maxMessageBytes()).isEqualTo(1024);
        assertThat(settings.retentionBytesPerPartition()).isEqualTo(128L * 1024 * 1024);
        assertThat(settings.batchMaxBytes()).isEqualTo(65536);
        assertThat(settings.maxLinger()).isEqualTo(Duration.ofMillis(2));
        assertThat(settings.appendQueueCapacity()).isEqualTo(100);
    }
}
