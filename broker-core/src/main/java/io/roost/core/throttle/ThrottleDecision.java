package io.roost.core.throttle;

import java.util.Objects;

/**
 * What the throttle says about one message, connect or request: go ahead, wait (never by sleeping:
 * the protocol stops reading, withholds credit or answers 429 for that long), or end the
 * connection because the device stayed over its limit too long. Immutable.
 *
 * @param verdict the decision
 * @param waitNanos how long the sender should pause; 0 when allowed
 * @param kind which limit decided; {@code null} when allowed
 */
public record ThrottleDecision(Verdict verdict, long waitNanos, ThrottleKind kind) {

    /** Go ahead. */
    public static final ThrottleDecision ALLOWED = new ThrottleDecision(Verdict.ALLOWED, 0, null);

    public enum Verdict {
        ALLOWED,
        /** Over a limit: slow down or come back after {@link #waitNanos}. */
        WAIT,
        /** Over the device's limit for longer than the configured time: close the connection. */
        DISCONNECT
    }

    public ThrottleDecision {
        Objects.requireNonNull(verdict, "verdict");
    }

    static ThrottleDecision waitFor(long waitNanos, ThrottleKind kind) {
        return new ThrottleDecision(Verdict.WAIT, waitNanos, Objects.requireNonNull(kind, "kind"));
    }

    static ThrottleDecision disconnect(ThrottleKind kind) {
        return new ThrottleDecision(Verdict.DISCONNECT, 0, kind);
    }

    public boolean allowed() {
        return verdict == Verdict.ALLOWED;
    }

    public boolean mustDisconnect() {
        return verdict == Verdict.DISCONNECT;
    }

    /** The pause in whole milliseconds, rounded up so the sender never comes back early. */
    public long waitMillis() {
        return (waitNanos + 999_999) / 1_000_000;
    }

    /** The pause for an HTTP {@code Retry-After} header: whole seconds, rounded up, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }
}
