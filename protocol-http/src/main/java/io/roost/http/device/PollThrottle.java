package io.roost.http.device;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket per device for C2D polls ({@code GET .../deviceBound}): a device may poll
 * {@code pollsPerSecond} times a second on average, in bursts of as many. Over it, the poll is
 * answered 429 at once and other devices are not touched. The Azure device SDK over HTTPS polls
 * continuously (about 70 requests a second were seen), so the default leaves it room. Buckets of
 * devices idle past a minute are dropped when the map grows large. Thread-safe.
 */
final class PollThrottle {

    static final int DEFAULT_POLLS_PER_SECOND = 100;
    private static final int PRUNE_ABOVE_DEVICES = 100_000;
    private static final long IDLE_NANOS = 60_000_000_000L;

    private final double pollsPerSecond;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    PollThrottle(int pollsPerSecond) {
        this.pollsPerSecond = pollsPerSecond;
    }

    /** Takes one poll from the device's bucket; false when it is empty. */
    boolean tryPoll(String deviceId, long nowNanos) {
        if (buckets.size() > PRUNE_ABOVE_DEVICES) {
            buckets.values().removeIf(bucket -> bucket.idleSince(nowNanos) > IDLE_NANOS);
        }
        return buckets.computeIfAbsent(deviceId, id -> new Bucket(pollsPerSecond, nowNanos)).take(nowNanos);
    }

    private static final class Bucket {
        private final double capacity;
        private double tokens;
        private long refilledNanos;

        Bucket(double capacity, long nowNanos) {
            this.capacity = capacity;
            this.tokens = capacity;
            this.refilledNanos = nowNanos;
        }

        synchronized boolean take(long nowNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - refilledNanos) * capacity / 1e9);
            refilledNanos = nowNanos;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized long idleSince(long nowNanos) {
            return nowNanos - refilledNanos;
        }
    }
}
