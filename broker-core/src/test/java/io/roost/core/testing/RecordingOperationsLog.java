package io.roost.core.testing;

import io.roost.core.operations.OperationEvent;
import io.roost.core.operations.OperationsLog;
import java.util.ArrayList;
import java.util.List;

/** Keeps every recorded event in memory, for tests that assert what a component reported. Thread-safe. */
public final class RecordingOperationsLog implements OperationsLog {

    private final List<OperationEvent> events = new ArrayList<>();

    @Override
    public synchronized void record(OperationEvent event) {
        events.add(event);
    }

    /** A copy of the events so far, in the order they were recorded. */
    public synchronized List<OperationEvent> events() {
        return List.copyOf(events);
    }
}
