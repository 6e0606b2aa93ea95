package io.roost.core.operations;

import java.time.Instant;
import java.util.Objects;

/**
 * Which events a reader of the operations log wants: those at or after {@code since}, of one
 * category and of one device when those are given. Immutable.
 *
 * @param since the oldest event time wanted (inclusive); {@link Instant#EPOCH} for all retained
 * @param category only this category, or {@code null} for every category
 * @param deviceId only this device (exact, case-sensitive as device ids are), or {@code null}
 */
public record OperationsFilter(Instant since, OperationCategory category, String deviceId) {

    public static final OperationsFilter ALL = new OperationsFilter(Instant.EPOCH, null, null);

    public OperationsFilter {
        Objects.requireNonNull(since, "since");
    }

    public boolean matches(OperationEvent event) {
        return !event.time().isBefore(since)
                && (category == null || category == event.category())
                && (deviceId == null || deviceId.equals(event.deviceId()));
    }
}
