package io.roost.core.log.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roost.core.error.RoostException;
import io.roost.core.log.ConsumerGroups;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerGroupsTest {

    @TempDir
    Path dir;

    private SegmentLog open() throws IOException {
        return SegmentLog.open(SegmentLogConfig.builder(dir.resolve("d2c"))
                .retentionCheckInterval(Duration.ZERO).build());
    }

    @Test
    void twoGroups_keepIndependentCheckpoints_acrossARestart() throws IOException {
        try (SegmentLog log = open()) {
            ConsumerGroups groups = log.consumerGroups();
            assertThat(groups.groups()).containsExactly(ConsumerGroups.DEFAULT_GROUP);
            groups.create("analytics");
            groups.checkpoint(ConsumerGroups.DEFAULT_GROUP, 0, 10);
            groups.checkpoint(ConsumerGroups.DEFAULT_GROUP, 3, 7);
            groups.checkpoint("analytics", 0, 99);
            groups.checkpoint("analytics", 0, 120);
        }
        try (SegmentLog log = open()) {
            ConsumerGroups groups = log.consumerGroups();
            assertThat(groups.groups()).containsExactly("$Default", "analytics");
            assertThat(groups.checkpointOf("$Default", 0)).isEqualTo(OptionalLong.of(10));
            assertThat(groups.checkpointOf("$Default", 3)).isEqualTo(OptionalLong.of(7));
            assertThat(groups.checkpointOf("$Default", 1)).isEmpty();
            assertThat(groups.checkpointOf("analytics", 0)).isEqualTo(OptionalLong.of(120));
            assertThat(groups.checkpointOf("analytics", 3)).isEmpty();
            groups.delete("analytics");
        }
        try (SegmentLog log = open()) {
            assertThat(log.consumerGroups().groups()).containsExactly("$Default");
        }
    }

    @Test
    void badNamesPartitionsAndGroups_areRefused() throws IOException {
        try (SegmentLog log = open()) {
            ConsumerGroups groups = log.consumerGroups();
            assertThatThrownBy(() -> groups.create("../etc")).isInstanceOf(RoostException.class)
                    .hasMessageContaining("consumer group name");
            assertThatThrownBy(() -> groups.create("")).isInstanceOf(RoostException.class);
            assertThatThrownBy(() -> groups.checkpoint("$Default", 4, 1)).isInstanceOf(RoostException.class)
                    .hasMessageContaining("partitions are 0-3");
            assertThatThrownBy(() -> groups.checkpoint("nobody", 0, 1)).isInstanceOf(RoostException.class)
                    .hasMessageContaining("no consumer group named nobody");
            assertThatThrownBy(() -> groups.delete("$Default")).isInstanceOf(RoostException.class);
        }
    }
}
