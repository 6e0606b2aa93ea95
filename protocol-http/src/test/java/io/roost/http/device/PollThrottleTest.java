package io.roost.http.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PollThrottleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void tryPoll_whenBurstUsedUp_thenRefusedUntilRefilled() {
        PollThrottle throttle = new PollThrottle(10);
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.tryPoll("dev1", 0)).isTrue();
        }
        assertThat(throttle.tryPoll("dev1", 0)).isFalse();
        assertThat(throttle.tryPoll("dev1", SECOND / 10)).as("one poll refilled after 100 ms").isTrue();
        assertThat(throttle.tryPoll("dev1", SECOND / 10)).isFalse();
    }

    @Test
    void tryPoll_whenOneDeviceIsOverItsRate_thenOthersAreNotTouched() {
        PollThrottle throttle = new PollThrottle(2);
        throttle.tryPoll("noisy", 0);
        throttle.tryPoll("noisy", 0);
        assertThat(throttle.tryPoll("noisy", 0)).isFalse();

        assertThat(throttle.tryPoll("quiet", 0)).isTrue();
        assertThat(throttle.tryPoll("quiet", 0)).isTrue();
    }

    @Test
    void tryPoll_whenIdleLong_thenBurstIsCappedAtTheRate() {
        PollThrottle throttle = new PollThrottle(3);
        throttle.tryPoll("dev1", 0);
        int allowed = 0;
        while (throttle.tryPoll("dev1", 3600 * SECOND)) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(3);
    }
}
