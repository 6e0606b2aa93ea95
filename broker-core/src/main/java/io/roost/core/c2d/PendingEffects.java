package io.roost.core.c2d;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the operations of one group commit change outside the store: queue depth changes, event
 * callbacks and availability announcements to run once the batch is committed, and how to undo
 * in-memory changes that had to take effect at once. An operation's own effects are dropped when its
 * savepoint is rolled back; all of them when the commit fails, so memory never shows a change the
 * store does not hold.
 *
 * <p>Not thread-safe: confined to the C2D store thread.
 */
final class PendingEffects {

    private record DepthChange(String deviceId, int delta) {
    }

    private final List<DepthChange> depthChanges = new ArrayList<>();
    private final Map<String, Integer> depthDeltas = new HashMap<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final List<Runnable> undo = new ArrayList<>();
    private int depthMark;
    private int afterCommitMark;
    private int undoMark;

    /** The device's queue gains ({@code +1}) or loses ({@code -1}) a message once committed. */
    void changeDepth(String deviceId, int delta) {
        depthChanges.add(new DepthChange(deviceId, delta));
        depthDeltas.merge(deviceId, delta, Integer::sum);
    }

    /** The change to the device's queue depth that the batch so far will commit. */
    int depthDelta(String deviceId) {
        return depthDeltas.getOrDefault(deviceId, 0);
    }

    /** Runs {@code action} after the commit, in the order given; dropped if the operation is undone. */
    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** Runs {@code action} if the operation is undone or the batch's commit fails. */
    void onUndo(Runnable action) {
        undo.add(action);
    }

    /** The next effects belong to a new operation. */
    void beginOperation() {
        depthMark = depthChanges.size();
        afterCommitMark = afterCommit.size();
        undoMark = undo.size();
    }

    /** Drops the effects of the current operation: its savepoint was rolled back. */
    void undoOperation() {
        undoSince(depthMark, afterCommitMark, undoMark);
    }

    /** Drops every effect of the batch: its commit failed. */
    void undoAll() {
        undoSince(0, 0, 0);
    }

    private void undoSince(int depthFrom, int afterCommitFrom, int undoFrom) {
        for (int i = depthChanges.size() - 1; i >= depthFrom; i--) {
            DepthChange change = depthChanges.remove(i);
            depthDeltas.merge(change.deviceId(), -change.delta(), (a, b) -> a + b == 0 ? null : a + b);
        }
        afterCommit.subList(afterCommitFrom, afterCommit.size()).clear();
        for (int i = undo.size() - 1; i >= undoFrom; i--) {
            undo.remove(i).run();
        }
        beginOperation();
    }

    /** Depth changes per device of everything committed, to apply to the queues' counts. */
    Map<String, Integer> depthDeltas() {
        return depthDeltas;
    }

    /** The after-commit actions, in order. */
    List<Runnable> afterCommitActions() {
        return afterCommit;
    }

    /** Forgets everything: the batch is over. */
    void clear() {
        depthChanges.clear();
        depthDeltas.clear();
        afterCommit.clear();
        undo.clear();
        beginOperation();
    }
}
