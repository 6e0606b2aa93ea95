package io.roost.bench.mqtt;

/**
 * When each message is due at a target rate summed over all devices (open loop). The messages of
 * all devices form one sequence, interleaved: message {@code k} of device {@code d} (of {@code n})
 * is number {@code g = d + k * n} and is due {@code ceil(g / rate)} seconds after the start. So
 * the devices take turns, the total rate is even, and each device sends at {@code rate / n}.
 * A message that cannot go out when due (window full) goes later, and its latency is still
 * measured from this due time, so a slow broker cannot hide its stalls (no coordinated omission).
 * Immutable; thread-safe.
 */
final class RateSchedule {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long messagesPerSecond;
    private final int devices;

    /** @param messagesPerSecond the total rate, or 0 for "as fast as possible" (every message is due at once) */
    RateSchedule(long messagesPerSecond, int devices) {
        if (messagesPerSecond < 0 || devices < 1) {
            throw new IllegalArgumentException("rate " + messagesPerSecond + ", devices " + devices);
        }
        this.messagesPerSecond = messagesPerSecond;
        this.devices = devices;
    }

    boolean isFlatOut() {
        return messagesPerSecond == 0;
    }

    /** Nanoseconds after the start at which message {@code message} of device {@code device} is due. */
    long dueNanos(int device, long message) {
        if (isFlatOut()) {
            return 0;
        }
        long g = device + message * devices;
        // ceil(g * 1e9 / rate) without overflowing for long runs: whole seconds, then the rest.
        long whole = g / messagesPerSecond;
        long rest = g % messagesPerSecond;
        return whole * NANOS_PER_SECOND + (rest * NANOS_PER_SECOND + messagesPerSecond - 1) / messagesPerSecond;
    }

    /**
     * How many messages of {@code device} are due {@code elapsedNanos} after the start (its
     * messages 0 to n-1 are due when this returns n); {@link Long#MAX_VALUE} when flat out.
     */
    long dueCount(int device, long elapsedNanos) {
        if (isFlatOut()) {
            return Long.MAX_VALUE;
        }
        if (elapsedNanos < 0) {
            return 0;
        }
        // The last message number due: floor(elapsed * rate / 1e9).
        long last = elapsedNanos / NANOS_PER_SECOND * messagesPerSecond
                + elapsedNanos % NANOS_PER_SECOND * messagesPerSecond / NANOS_PER_SECOND;
        return last < device ? 0 : (last - device) / devices + 1;
    }
}
