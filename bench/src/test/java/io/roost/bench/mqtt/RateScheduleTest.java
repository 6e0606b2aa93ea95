package io.roost.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateScheduleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void dueNanos_whenDevicesTakeTurns_thenTheTotalIsEvenlySpaced() {
        RateSchedule schedule = new RateSchedule(1000, 4);

        // 1,000 msgs/s in total: one message every millisecond, devices 0-3 in turn.
        List<Long> times = new ArrayList<>();
        for (int message = 0; message < 3; message++) {
            for (int device = 0; device < 4; device++) {
                times.add(schedule.dueNanos(device, message));
            }
        }
        for (int g = 0; g < times.size(); g++) {
            assertThat(times.get(g)).isEqualTo(g * 1_000_000L);
        }
    }

    @Test
    void dueCount_whenAtTheDueTimeOfAMessage_thenItIsDueAndTheNextIsNot() {
        RateSchedule schedule = new RateSchedule(7_777, 13);
        for (int device = 0; device < 13; device++) {
            for (long message = 0; message < 500; message++) {
                long due = schedule.dueNanos(device, message);
                assertThat(schedule.dueCount(device, due)).as("device %d message %d", device, message).isEqualTo(message + 1);
                assertThat(schedule.dueCount(device, due - 1)).isEqualTo(message);
            }
        }
    }

    @Test
    void dueCount_whenOneSecondPassed_thenRateMessagesInTotal() {
        RateSchedule schedule = new RateSchedule(50_000, 1000);
        long total = 0;
        for (int device = 0; device < 1000; device++) {
            total += schedule.dueCount(device, SECOND - 1);
        }
        assertThat(total).isEqualTo(50_000);
        assertThat(schedule.dueCount(0, -5)).isZero();
    }

    @Test
    void dueNanos_whenAWeekAtTenMillionPerSecond_thenNoOverflow() {
        RateSchedule schedule = new RateSchedule(10_000_000, 1);
        long week = 7 * 24 * 3600L;
        long message = week * 10_000_000;

        assertThat(schedule.dueNanos(0, message)).isEqualTo(week * SECOND);
        assertThat(schedule.dueCount(0, week * SECOND)).isEqualTo(message + 1);
    }

    @Test
    void flatOut_whenRateZero_thenEverythingDueAtOnce() {
        RateSchedule schedule = new RateSchedule(0, 10);

        assertThat(schedule.isFlatOut()).isTrue();
        assertThat(schedule.dueCount(3, 0)).isEqualTo(Long.MAX_VALUE);
        assertThat(schedule.dueNanos(3, 1_000)).isZero();
    }
}
