package io.roost.core.throttle;

import io.roost.core.operations.OperationsLog;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * The hub's throttling policy (design.md section 1, "Throttle"): a token bucket per device for D2C
 * messages and one for connects, a hub-wide D2C bucket and a bucket per shared access policy for
 * registry requests. Protocols ask it and translate the answer: MQTT stops reading, AMQP withholds
 * credit, HTTP answers 429 with {@code Retry-After}; a {@link ThrottleDecision.Verdict#DISCONNECT}
 * closes the connection. It never sleeps or blocks: a decision is a few arithmetic operations
 * under a per-bucket lock, cheap enough for every message on an event loop; with a limit off
 * (0) its check costs nothing. Every decision that is not "allowed" is counted
 * ({@link ThrottleCounter}) and reported, rate-limited, on the {@link OperationsLog} with the
 * device id. Per-key state is bounded ({@link IdleEvictingMap}). Thread-safe.
 */
public final class Throttle {

    /** More devices or policies than this are not tracked at once; idle ones are forgotten first. */
    public static final int DEFAULT_MAX_TRACKED_KEYS = 200_000;

    private final ThrottleSettings settings;
    private final LongSupplier nanoTime;
    private final ThrottleReports reports;
    private final IdleEvictingMap<DeviceRate> deviceRates;
    private final IdleEvictingMap<Bucket> deviceConnects;
    private final IdleEvictingMap<Bucket> policyRequests;
    private final TokenBucket hubRate;
    private final long disconnectAfterNanos;

    /**
     * @param clock stamps the operations-log events
     * @param nanoTime the buckets' time source ({@link System#nanoTime()} in production)
     * @param maxTrackedKeys devices (and policies) whose state is kept at once, per kind of limit
     */
    public Throttle(ThrottleSettings settings, Clock clock, LongSupplier nanoTime, OperationsLog operations,
            ThrottleCounter counter, int maxTrackedKeys) {
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.reports = new ThrottleReports(operations, counter, clock, maxTrackedKeys);
        long start = nanoTime.getAsLong();
        this.deviceRates = new IdleEvictingMap<>(maxTrackedKeys,
                now -> new DeviceRate(settings.deviceMessagesPerSecond(), settings.effectiveDeviceBurst(), now));
        this.deviceConnects = new IdleEvictingMap<>(maxTrackedKeys, now -> new Bucket(
                new TokenBucket(settings.deviceConnectsPerMinute() / 60.0, settings.deviceConnectsPerMinute(), now)));
        this.policyRequests = new IdleEvictingMap<>(maxTrackedKeys, now -> new Bucket(
                new TokenBucket(settings.policyRequestsPerSecond(), settings.policyRequestsPerSecond(), now)));
        int hub = settings.hubMessagesPerSecond();
        this.hubRate = hub == 0 ? null : new TokenBucket(hub, hub, start);
        this.disconnectAfterNanos = settings.disconnectAfter().toNanos();
    }

    /** A throttle with the system clocks and the default bound on tracked devices. */
    public static Throttle create(ThrottleSettings settings, OperationsLog operations, ThrottleCounter counter) {
        return new Throttle(settings, Clock.systemUTC(), System::nanoTime, operations, counter, DEFAULT_MAX_TRACKED_KEYS);
    }

    /** A throttle that allows everything. */
    public static Throttle unlimited() {
        return create(ThrottleSettings.UNLIMITED, OperationsLog.NONE, ThrottleCounter.NONE);
    }

    public ThrottleSettings settings() {
        return settings;
    }

    /**
     * A D2C message arrived on a connection (MQTT PUBLISH, AMQP transfer) and will be accepted: it
     * is charged to the device's and the hub's buckets, which may go into debt. WAIT says how long
     * the connection should stop taking messages so the device's average stays at its rate;
     * DISCONNECT says the device has been over its own rate for longer than
     * {@link ThrottleSettings#disconnectAfter()}.
     *
     * @param protocol the {@code protocol} of the counter and the operations log
     */
    public ThrottleDecision messageReceived(String deviceId, String protocol, SocketAddress remote) {
        if (settings.deviceMessagesPerSecond() == 0 && hubRate == null) {
            return ThrottleDecision.ALLOWED;
        }
        long now = nanoTime.getAsLong();
        long deviceWait = 0;
        if (settings.deviceMessagesPerSecond() > 0) {
            DeviceRate rate = deviceRates.get(deviceId, now);
            deviceWait = rate.charge(now);
            if (deviceWait > 0 && disconnectAfterNanos > 0 && rate.overloadedNanos(now) >= disconnectAfterNanos) {
                rate.endEpisode();
                reports.disconnected(deviceId, protocol, remote, "over " + deviceLimit() + " for "
                        + settings.disconnectAfter() + "; the connection is closed");
                return ThrottleDecision.disconnect(ThrottleKind.D2C);
            }
        }
        long hubWait = hubRate == null ? 0 : hubRate.charge(now);
        return messageDecision(deviceId, protocol, remote, deviceWait, hubWait, now);
    }

    /**
     * A D2C request that can still be refused (HTTP): it takes a token from the device's and the
     * hub's bucket only if both have one. WAIT means refuse it and tell the device when to retry.
     */
    public ThrottleDecision messageRequested(String deviceId, String protocol, SocketAddress remote) {
        if (settings.deviceMessagesPerSecond() == 0 && hubRate == null) {
            return ThrottleDecision.ALLOWED;
        }
        long now = nanoTime.getAsLong();
        DeviceRate rate = settings.deviceMessagesPerSecond() > 0 ? deviceRates.get(deviceId, now) : null;
        long deviceWait = rate == null ? 0 : rate.tryTake(now);
        if (deviceWait > 0) {
            return messageDecision(deviceId, protocol, remote, deviceWait, 0, now);
        }
        long hubWait = hubRate == null ? 0 : hubRate.tryTake(now);
        if (hubWait > 0 && rate != null) {
            rate.refund();
        }
        return messageDecision(deviceId, protocol, remote, 0, hubWait, now);
    }

    private ThrottleDecision messageDecision(String deviceId, String protocol, SocketAddress remote, long deviceWait,
            long hubWait, long now) {
        if (deviceWait == 0 && hubWait == 0) {
            return ThrottleDecision.ALLOWED;
        }
        if (deviceWait >= hubWait) {
            reports.throttled(ThrottleKind.D2C, deviceId, null, protocol, remote, deviceLimit(), now);
            return ThrottleDecision.waitFor(deviceWait, ThrottleKind.D2C);
        }
        reports.throttled(ThrottleKind.HUB, deviceId, null, protocol, remote,
                "the hub's " + settings.hubMessagesPerSecond() + " messages/s", now);
        return ThrottleDecision.waitFor(hubWait, ThrottleKind.HUB);
    }

    /**
     * A device opens a session (MQTT CONNECT, AMQP telemetry link). WAIT means refuse it; the
     * refused attempt takes no token, so a device that waits gets in again.
     */
    public ThrottleDecision connect(String deviceId, String protocol, SocketAddress remote) {
        if (settings.deviceConnectsPerMinute() == 0) {
            return ThrottleDecision.ALLOWED;
        }
        long now = nanoTime.getAsLong();
        long wait = deviceConnects.get(deviceId, now).bucket().tryTake(now);
        if (wait == 0) {
            return ThrottleDecision.ALLOWED;
        }
        reports.throttled(ThrottleKind.CONNECT, deviceId, null, protocol, remote,
                settings.deviceConnectsPerMinute() + " connects/min per device", now);
        return ThrottleDecision.waitFor(wait, ThrottleKind.CONNECT);
    }

    /** A registry REST request authorized by {@code policyName}. WAIT means answer 429. */
    public ThrottleDecision registryRequest(String policyName, String protocol, SocketAddress remote) {
        if (settings.policyRequestsPerSecond() == 0) {
            return ThrottleDecision.ALLOWED;
        }
        long now = nanoTime.getAsLong();
        long wait = policyRequests.get(policyName, now).bucket().tryTake(now);
        if (wait == 0) {
            return ThrottleDecision.ALLOWED;
        }
        reports.throttled(ThrottleKind.REGISTRY, null, policyName, protocol, remote,
                settings.policyRequestsPerSecond() + " registry requests/s per policy", now);
        return ThrottleDecision.waitFor(wait, ThrottleKind.REGISTRY);
    }

    private String deviceLimit() {
        return settings.deviceMessagesPerSecond() + " messages/s per device";
    }

    /** A plain bucket as map state: idle once full. */
    private record Bucket(TokenBucket bucket) implements IdleEvictingMap.Evictable {
        @Override
        public boolean isIdle(long nowNanos) {
            return bucket.isFull(nowNanos);
        }
    }
}
