package io.roost.core.throttle;

import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationEvent;
import io.roost.core.operations.OperationsLine;
import io.roost.core.operations.OperationsLog;
import java.net.SocketAddress;
import java.time.Clock;

/**
 * Counts every throttle decision and reports it on the operations log, rate-limited: at most one
 * event per device (or policy) and kind per {@link #INTERVAL_NANOS}, whose reason says how many
 * decisions it stands for. A device hammering at 30,000 messages a second would otherwise write
 * 30,000 lines a second about itself; the counter still sees every decision. Decisions after a
 * key's last event that are never followed by another are only counted, not logged.
 * Disconnects are always reported. Thread-safe.
 */
final class ThrottleReports {

    static final long INTERVAL_NANOS = 10_000_000_000L;
    static final String DISCONNECTED = "DEVICE_DISCONNECTED_THROTTLED";

    private final OperationsLog operations;
    private final ThrottleCounter counter;
    private final Clock clock;
    private final IdleEvictingMap<Window> windows;

    ThrottleReports(OperationsLog operations, ThrottleCounter counter, Clock clock, int maxKeys) {
        this.operations = operations;
        this.counter = counter;
        this.clock = clock;
        this.windows = new IdleEvictingMap<>(maxKeys, Window::new);
    }

    /**
     * @param deviceId the device, or {@code null} for a registry request
     * @param limit the limit that was passed, for the reason: {@code 10 messages/s}
     */
    void throttled(ThrottleKind kind, String deviceId, String policyName, String protocol, SocketAddress remote,
            String limit, long nowNanos) {
        counter.throttled(protocol, kind);
        String key = kind.ordinal() + ":" + (deviceId != null ? deviceId : "policy/" + policyName);
        long decisions = windows.get(key, nowNanos).count(nowNanos);
        if (decisions == 0) {
            return;
        }
        String subject = deviceId != null ? "" : "policy " + policyName + " ";
        String reason = subject + "over " + limit + "; " + decisions + (decisions == 1 ? " decision" : " decisions")
                + " since the last event";
        operations.record(OperationEvent.failure(clock.instant(), OperationCategory.Throttling, operation(kind), 429,
                reason, deviceId, protocol, OperationsLine.masked(remote)));
    }

    /** The device's connection is being closed for staying over its rate. */
    void disconnected(String deviceId, String protocol, SocketAddress remote, String reason) {
        counter.throttled(protocol, ThrottleKind.D2C);
        operations.record(OperationEvent.failure(clock.instant(), OperationCategory.Throttling, DISCONNECTED, 429,
                reason, deviceId, protocol, OperationsLine.masked(remote)));
    }

    static String operation(ThrottleKind kind) {
        return switch (kind) {
            case D2C -> "D2C_THROTTLED";
            case HUB -> "HUB_D2C_THROTTLED";
            case CONNECT -> "CONNECT_THROTTLED";
            case REGISTRY -> "REGISTRY_THROTTLED";
        };
    }

    /** Decisions since the key's last event. Thread-safe: synchronized. */
    private static final class Window implements IdleEvictingMap.Evictable {
        private long lastEventNanos;
        private long pending;
        private boolean reported;

        Window(long nowNanos) {
            this.lastEventNanos = nowNanos;
        }

        /** @return the decisions the event due now stands for, or 0 when no event is due */
        synchronized long count(long nowNanos) {
            pending++;
            if (reported && nowNanos - lastEventNanos < INTERVAL_NANOS) {
                return 0;
            }
            long decisions = pending;
            pending = 0;
            reported = true;
            lastEventNanos = nowNanos;
            return decisions;
        }

        @Override
        public synchronized boolean isIdle(long nowNanos) {
            return nowNanos - lastEventNanos >= INTERVAL_NANOS;
        }
    }
}
