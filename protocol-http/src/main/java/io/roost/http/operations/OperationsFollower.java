package io.roost.http.operations;

import io.roost.core.operations.OperationsFilter;
import io.roost.core.operations.OperationsHistory;
import io.roost.core.operations.OperationsPage;
import io.roost.core.operations.StoredOperation;
import io.roost.http.EventSink;
import io.roost.http.EventStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows the operations log live for one client ({@code GET /operations} with
 * {@code Accept: text/event-stream}): first the newest {@code limit} matching events (or, when the
 * client reconnects with {@code Last-Event-ID}, what came after that sequence), then each new
 * matching event as it becomes durable, one SSE event each ({@code id:} = its sequence,
 * {@code data:} = its JSON). A comment line goes out when nothing happened for a heartbeat
 * interval. It holds no thread while it waits ({@link OperationsHistory#whenNewerThan}) and ends
 * when the client closes the connection or the log closes. Confined to one stream; each step runs
 * after the previous one completed.
 */
final class OperationsFollower implements EventStream {

    static final int PAGE = 500;

    private final OperationsHistory history;
    private final OperationsFilter filter;
    private final int limit;
    private final long resumeAfter;
    private final Duration heartbeat;

    /** @param resumeAfter the sequence of Last-Event-ID, or -1 to start with the newest events */
    OperationsFollower(OperationsHistory history, OperationsFilter filter, int limit, long resumeAfter,
            Duration heartbeat) {
        this.history = history;
        this.filter = filter;
        this.limit = limit;
        this.resumeAfter = resumeAfter;
        this.heartbeat = heartbeat;
    }

    @Override
    public void start(EventSink sink) {
        CompletableFuture<OperationsPage> first = resumeAfter >= 0
                ? history.after(resumeAfter, filter, PAGE)
                : history.newest(filter, limit);
        first.whenComplete((page, failure) -> sent(sink, page, failure));
    }

    private void sent(EventSink sink, OperationsPage page, Throwable failure) {
        if (failure != null) {
            sink.close();
            return;
        }
        for (StoredOperation operation : page.operations()) {
            if (!sink.send(Long.toString(operation.sequence()), OperationsJson.object(operation))) {
                return;
            }
        }
        waitAfter(sink, page.cursor());
    }

    private void waitAfter(EventSink sink, long cursor) {
        if (!sink.isOpen()) {
            return;
        }
        history.whenNewerThan(cursor)
                .orTimeout(heartbeat.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((newer, failure) -> {
                    if (failure == null) {
                        history.after(cursor, filter, PAGE).whenComplete((page, readFailure) -> sent(sink, page, readFailure));
                    } else if (unwrap(failure) instanceof TimeoutException) {
                        if (sink.comment("heartbeat")) {
                            waitAfter(sink, cursor);
                        }
                    } else {
                        sink.close();
                    }
                });
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
