package io.roost.server.operations;

import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationEvent;
import io.roost.core.operations.OperationsLog;
import io.roost.registry.events.RegistryEvent;
import io.roost.registry.events.RegistryEvents;

/**
 * Reports each registry operation on the operations log, category {@code DeviceIdentityOperations}:
 * successes as Information, refusals (4xx) as Warning, server faults (5xx) as Error. The operation
 * is the registry's name for it ({@code CREATE}, {@code DELETE}, {@code LIST}...). Stateless;
 * thread-safe; never blocks.
 */
public final class RecordedRegistryEvents implements RegistryEvents {

    private final OperationsLog log;

    public RecordedRegistryEvents(OperationsLog log) {
        this.log = log;
    }

    @Override
    public void onOperation(RegistryEvent event) {
        log.record(toOperation(event));
    }

    static OperationEvent toOperation(RegistryEvent event) {
        String level = event.succeeded() ? OperationEvent.INFORMATION
                : event.statusCode() >= 500 ? OperationEvent.ERROR : OperationEvent.WARNING;
        return new OperationEvent(event.time(), OperationCategory.DeviceIdentityOperations, event.operation().name(),
                level, event.succeeded() ? OperationEvent.SUCCESS : OperationEvent.FAILURE, event.statusCode(),
                event.reason(), event.deviceId(), null, null, null, -1);
    }
}
