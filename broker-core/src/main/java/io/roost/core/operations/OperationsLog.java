package io.roost.core.operations;

/**
 * Where every component reports what operators must see: connects, disconnects, failed logins,
 * throttling, IP filter refusals, rejected commands, registry changes. The server backs it with the
 * durable operations log (which also feeds the JSON log appender and the metrics); tests use a
 * collecting implementation or {@link #NONE}.
 *
 * <p>{@link #record} is called on Netty event loops and store threads: implementations must not
 * block (no fsync, no JDBC, no lock held across I/O); they queue the event and write it elsewhere.
 * Under overload an implementation may drop events, and then counts what it dropped. Thread-safe.
 */
public interface OperationsLog {

    /** Records nothing. */
    OperationsLog NONE = event -> {
    };

    /** Takes one event; returns at once. */
    void record(OperationEvent event);
}
