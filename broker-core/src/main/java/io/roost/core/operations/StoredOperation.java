package io.roost.core.operations;

/**
 * An event as the durable operations log keeps it.
 *
 * @param sequence its position in the log: starts at 1, grows by one per event, never reused (also
 *     not after retention deleted older events), so a follower resumes after the last one it saw
 */
public record StoredOperation(long sequence, OperationEvent event) {
}
