package io.roost.http;

import java.util.concurrent.CompletableFuture;

/**
 * Where an {@link EventStream} writes its events. Thread-safe: writes may come from any thread and
 * reach the connection in the order they were made. A client that reads slower than the stream
 * writes (the connection's outbound buffer past its high-water mark) is disconnected rather than
 * buffered without bound; it may reconnect with {@code Last-Event-ID}.
 */
public interface EventSink {

    /**
     * Writes one event: an {@code id:} line (when {@code id} is not null) and one {@code data:} line
     * per line of {@code data}. Returns false, writing nothing, when the connection is closed.
     */
    boolean send(String id, String data);

    /** Writes a comment line ({@code : text}), as a heartbeat that keeps proxies from timing out. */
    boolean comment(String text);

    boolean isOpen();

    /** Completes once the connection is closed, by either side. */
    CompletableFuture<Void> closed();

    /** Ends the stream and closes the connection. */
    void close();
}
