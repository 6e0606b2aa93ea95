package io.roost.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roost.core.operations.OperationEvent;
import io.roost.core.operations.OperationsLog;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Operations log meters (docs/monitoring.md):
 * <ul>
 *   <li>{@code roost_operations_total{category,operation,result}}: every event;</li>
 *   <li>{@code roost_device_operation_failures_total{device_id,category,operation}}: failures that
 *       name a device. Its cardinality is bounded: the first {@code maxDevices} devices that fail
 *       (since start) get their own series, every later one counts under
 *       {@code device_id="_other"}, so a fleet of a million devices, or a client trying a million
 *       made-up ids, cannot make the scrape or Prometheus run out of memory;</li>
 *   <li>{@code roost_operations_dropped_total}: events the durable log dropped (queue full).</li>
 * </ul>
 * Thread-safe; never blocks (counter lookups are map reads after the first event of a kind).
 */
public final class MeteredOperations implements OperationsLog {

    static final String OPERATIONS = "roost.operations";
    static final String DEVICE_FAILURES = "roost.device.operation.failures";
    static final String DROPPED = "roost.operations.dropped";
    public static final String OTHER_DEVICES = "_other";
    public static final int DEFAULT_MAX_DEVICES = 100;

    private final MeterRegistry registry;
    private final int maxDevices;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Set<String> trackedDevices = ConcurrentHashMap.newKeySet();

    /** @param dropped the durable log's count of dropped events */
    public MeteredOperations(MeterRegistry registry, int maxDevices, LongSupplier dropped) {
        this.registry = registry;
        this.maxDevices = maxDevices;
        FunctionCounter.builder(DROPPED, dropped, LongSupplier::getAsLong)
                .description("Operations events dropped because the operations log's queue was full")
                .register(registry);
    }

    @Override
    public void record(OperationEvent event) {
        String category = event.category().name();
        counters.computeIfAbsent(category + '\0' + event.operation() + '\0' + event.result(), key ->
                Counter.builder(OPERATIONS)
                        .description("Operations log events by category, operation and result")
                        .tags("category", category, "operation", event.operation(), "result", event.result())
                        .register(registry)).increment();
        if (OperationEvent.FAILURE.equals(event.result()) && event.deviceId() != null) {
            String device = deviceLabel(event.deviceId());
            counters.computeIfAbsent("device\0" + device + '\0' + category + '\0' + event.operation(), key ->
                    Counter.builder(DEVICE_FAILURES)
                            .description("Failed operations per device; the first " + maxDevices
                                    + " failing devices have their own series, the rest share device_id=_other")
                            .tags("device_id", device, "category", category, "operation", event.operation())
                            .register(registry)).increment();
        }
    }

    private String deviceLabel(String deviceId) {
        if (trackedDevices.contains(deviceId)) {
            return deviceId;
        }
        synchronized (trackedDevices) {
            if (trackedDevices.size() < maxDevices) {
                trackedDevices.add(deviceId);
                return deviceId;
            }
        }
        return OTHER_DEVICES;
    }
}
