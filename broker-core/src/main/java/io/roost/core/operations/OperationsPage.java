package io.roost.core.operations;

import java.util.List;

/**
 * One read of the operations log.
 *
 * @param operations the matching events, oldest first (newest last)
 * @param cursor the highest sequence this read covered, matching or not: a follower asks for what
 *     comes after it next, so events its filter skips are not scanned again
 */
public record OperationsPage(List<StoredOperation> operations, long cursor) {

    public OperationsPage {
        operations = List.copyOf(operations);
    }
}
