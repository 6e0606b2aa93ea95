package io.roost.core.throttle;

/**
 * A token bucket: {@code ratePerSecond} tokens flow in each second, up to {@code capacity} (the
 * burst); it starts full. Time is passed in as {@link System#nanoTime()}-style readings, so the
 * caller chooses the clock and tests move it by hand. Two ways to take a token:
 * <ul>
 *   <li>{@link #charge}: for work that already happened (a message the device sent and we
 *       accepted). The token is always taken, the bucket may go into debt, and the answer is how
 *       long until the debt is paid: the sender's pause that keeps its average at the rate.</li>
 *   <li>{@link #tryTake}: for work that can still be refused (an HTTP request). A token is taken
 *       only when one is there; otherwise nothing changes and the answer is how long until one is.</li>
 * </ul>
 * Thread-safe: every method is synchronized (per bucket, so devices do not contend).
 */
public final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long refilledNanos;

    /**
     * @param ratePerSecond tokens added per second, above zero
     * @param capacity most tokens held, at least one
     * @param nowNanos the current reading of the caller's clock
     */
    public TokenBucket(double ratePerSecond, double capacity, long nowNanos) {
        if (!(ratePerSecond > 0) || !(capacity >= 1)) {
            throw new IllegalArgumentException("rate must be above 0 and capacity at least 1, were "
                    + ratePerSecond + " and " + capacity);
        }
        this.ratePerNano = ratePerSecond / NANOS_PER_SECOND;
        this.capacity = capacity;
        this.tokens = capacity;
        this.refilledNanos = nowNanos;
    }

    /**
     * Takes one token whether or not there is one.
     *
     * @return 0 when the bucket had the token; otherwise the nanoseconds until the debt is paid
     */
    public synchronized long charge(long nowNanos) {
        refill(nowNanos);
        tokens -= 1;
        return tokens >= 0 ? 0 : nanosFor(-tokens);
    }

    /**
     * Takes one token if there is one.
     *
     * @return 0 when it was taken; otherwise the nanoseconds until one will be there (nothing taken)
     */
    public synchronized long tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, nanosFor(1 - tokens));
    }

    /** Gives back a token taken by {@link #tryTake} for work that was refused elsewhere after all. */
    public synchronized void refund() {
        tokens = Math.min(capacity, tokens + 1);
    }

    /** Whether the bucket has refilled completely: forgetting it then loses nothing. */
    public synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - refilledNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
            refilledNanos = nowNanos;
        }
    }

    private long nanosFor(double missingTokens) {
        return (long) Math.ceil(missingTokens / ratePerNano);
    }
}
