package io.roost.server.ipfilter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roost.core.ipfilter.IpFilterRule;
import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationEvent;
import io.roost.core.operations.OperationsLine;
import io.roost.core.operations.OperationsLog;
import io.roost.server.config.ListenerName;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What a connection refused by the IP filter leaves behind: always one count in
 * {@code roost_ipfilter_rejected_total{listener,rule}}, and an {@code IpFilter}
 * {@value #OPERATION} event in the operations log at most once per {@link #EVENT_INTERVAL} for each
 * (rule, address), saying how many more were refused meanwhile; a flood from one address thus
 * cannot flood the log. Thread-safe and non-blocking: called on event loops.
 */
public final class IpFilterRejections {

    static final String METER = "roost.ipfilter.rejected";
    public static final String OPERATION = "CONNECTION_REJECTED";
    /** 403, as IoT Hub answers a request its IP filter refuses. */
    static final int STATUS = 403;
    static final Duration EVENT_INTERVAL = Duration.ofMinutes(1);
    /** Bounds the memory of the rate limit under a flood from many addresses; it then starts afresh. */
    static final int MAX_TRACKED = 10_000;

    private final MeterRegistry registry;
    private final OperationsLog operations;
    private final Clock clock;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    public IpFilterRejections(MeterRegistry registry, OperationsLog operations, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.operations = Objects.requireNonNull(operations, "operations");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Counts a refused connection and records it in the operations log unless one was recorded recently. */
    public void rejected(ListenerName listener, IpFilterRule rule, InetSocketAddress remote) {
        counters.computeIfAbsent(listener.key() + ' ' + rule.name(), key -> Counter.builder(METER)
                .description("Connections closed by the IP filter before any protocol byte")
                .tag("listener", listener.key())
                .tag("rule", rule.name())
                .register(registry)).increment();
        long now = clock.millis();
        if (windows.size() >= MAX_TRACKED) {
            windows.clear();
        }
        Window window = windows.compute(rule.name() + ' ' + remote.getAddress().getHostAddress(),
                (key, previous) -> previous == null || now - previous.startMillis >= EVENT_INTERVAL.toMillis()
                        ? new Window(now, 0, true, previous == null ? 0 : previous.suppressed)
                        : new Window(previous.startMillis, previous.suppressed + 1, false, 0));
        if (window.record) {
            String more = window.suppressedBefore == 0 ? ""
                    : " (" + window.suppressedBefore + " more from this address since the last event)";
            operations.record(OperationEvent.failure(clock.instant(), OperationCategory.IpFilter, OPERATION, STATUS,
                    "rejected by IP filter rule " + rule.name() + " on listener " + listener.key() + more,
                    null, listener.protocol(), OperationsLine.masked(remote)));
        }
    }

    /**
     * One (rule, address)'s rate-limit window: when its event was recorded, how many were not since,
     * whether this rejection records the event, and how many the previous window did not record.
     */
    private record Window(long startMillis, long suppressed, boolean record, long suppressedBefore) {
    }
}
