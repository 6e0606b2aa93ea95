package io.roost.core.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void charge_whenBurstIsSpent_thenTheWaitPaysTheDebtAtTheRate() {
        TokenBucket bucket = new TokenBucket(10, 5, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.charge(0)).isZero();
        }
        assertThat(bucket.charge(0)).isEqualTo(SECOND / 10);
        assertThat(bucket.charge(0)).isEqualTo(2 * SECOND / 10);
        // After the debt of 2 tokens is paid (200 ms), the next message is one token of debt again.
        assertThat(bucket.charge(2 * SECOND / 10)).isEqualTo(SECOND / 10);
    }

    @Test
    void charge_whenSenderKeepsToTheWait_thenItsAverageIsTheRate() {
        TokenBucket bucket = new TokenBucket(50, 1, 0);
        long now = 0;
        int messages = 0;
        while (now < 10 * SECOND) {
            now += bucket.charge(now);
            messages++;
        }
        assertThat(messages).isBetween(500, 502);
    }

    @Test
    void tryTake_whenEmpty_thenTakesNothingAndSaysWhenATokenIsBack() {
        TokenBucket bucket = new TokenBucket(4, 1, 0);
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isEqualTo(SECOND / 4);
        assertThat(bucket.tryTake(SECOND / 8)).isEqualTo(SECOND / 8);
        assertThat(bucket.tryTake(SECOND / 4)).isZero();
    }

    @Test
    void refill_neverExceedsCapacity() {
        TokenBucket bucket = new TokenBucket(100, 3, 0);
        assertThat(bucket.isFull(0)).isTrue();
        bucket.charge(0);
        assertThat(bucket.isFull(0)).isFalse();
        assertThat(bucket.isFull(3600 * SECOND)).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.tryTake(3600 * SECOND)).isZero();
        }
        assertThat(bucket.tryTake(3600 * SECOND)).isPositive();
        bucket.refund();
        assertThat(bucket.tryTake(3600 * SECOND)).isZero();
    }

    @Test
    void constructor_whenRateOrCapacityIsUseless_thenRefuses() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0.5, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
