package io.roost.core.throttle;

/**
 * One device's D2C bucket and its overload episode: the time it went over its rate and stayed
 * over. An episode goes on while each new debt starts within {@link #GRACE_NANOS} of the previous
 * one being paid (a sender held back by paused reading comes back exactly when its debt is paid,
 * so it stays in one episode); a device that keeps to its rate for longer ends it.
 * Thread-safe: synchronized; each device has its own.
 */
final class DeviceRate implements IdleEvictingMap.Evictable {

    static final long GRACE_NANOS = 1_000_000_000L;

    private final TokenBucket bucket;
    private boolean overloaded;
    private long overSinceNanos;
    private long debtPaidAtNanos;

    DeviceRate(double ratePerSecond, double burst, long nowNanos) {
        this.bucket = new TokenBucket(ratePerSecond, burst, nowNanos);
    }

    /** A message arrived: charged to the bucket. @return the pause, 0 when within the rate */
    synchronized long charge(long nowNanos) {
        long waitNanos = bucket.charge(nowNanos);
        if (waitNanos > 0) {
            if (!overloaded || nowNanos - debtPaidAtNanos > GRACE_NANOS) {
                overloaded = true;
                overSinceNanos = nowNanos;
            }
            debtPaidAtNanos = nowNanos + waitNanos;
        }
        return waitNanos;
    }

    /** A request that may still be refused. @return 0 when a token was taken, else the wait */
    synchronized long tryTake(long nowNanos) {
        return bucket.tryTake(nowNanos);
    }

    synchronized void refund() {
        bucket.refund();
    }

    /** How long the current episode has lasted; 0 when the device is within its rate. */
    synchronized long overloadedNanos(long nowNanos) {
        return overloaded && nowNanos - debtPaidAtNanos <= GRACE_NANOS ? nowNanos - overSinceNanos : 0;
    }

    /** The connection was closed for the episode: a new connection starts a new one. */
    synchronized void endEpisode() {
        overloaded = false;
    }

    @Override
    public synchronized boolean isIdle(long nowNanos) {
        return bucket.isFull(nowNanos) && (!overloaded || nowNanos - debtPaidAtNanos > GRACE_NANOS);
    }
}
