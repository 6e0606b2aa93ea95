package io.roost.core.c2d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.roost.core.c2d.RejectCounts.DeviceRejects;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RejectCountsTest {

    private final StepClock clock = new StepClock();

    @Test
    void top_whenSeveralDevicesReject_thenMostFirstAndLatestFirstAmongEquals() {
        RejectCounts counts = new RejectCounts(10, clock);
        reject(counts, "a", "b", "b", "c", "b", "a");

        assertThat(counts.top(10)).extracting(DeviceRejects::deviceId, DeviceRejects::rejected)
                .containsExactly(tuple("b", 3L), tuple("a", 2L),
                        tuple("c", 1L));
        assertThat(counts.top(1)).extracting(DeviceRejects::deviceId).containsExactly("b");
        assertThat(counts.top(10).get(1).lastRejectedMillis()).as("a's second reject was the last call").isEqualTo(6);
    }

    @Test
    void rejected_whenFull_thenTheDeviceWithFewestRejectsIsForgotten() {
        RejectCounts counts = new RejectCounts(2, clock);
        reject(counts, "heavy", "heavy", "heavy", "once", "new");

        assertThat(counts.top(10)).extracting(DeviceRejects::deviceId).containsExactly("heavy", "new");
    }

    @Test
    void forget_dropsTheDevice() {
        RejectCounts counts = new RejectCounts(10, clock);
        reject(counts, "a", "b");

        counts.forget("a");

        assertThat(counts.top(10)).extracting(DeviceRejects::deviceId).containsExactly("b");
    }

    private static void reject(RejectCounts counts, String... deviceIds) {
        for (String deviceId : deviceIds) {
            counts.rejected(new QueuedC2dMessage(deviceId, "gen", 1, 0, 0, 1, "token", 0, C2dMessage.of("m", new byte[0])));
        }
    }

    /** One millisecond later on every read, so each reject has its own time. */
    private static final class StepClock extends Clock {
        private long millis;

        @Override
        public synchronized Instant instant() {
            return Instant.ofEpochMilli(++millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
