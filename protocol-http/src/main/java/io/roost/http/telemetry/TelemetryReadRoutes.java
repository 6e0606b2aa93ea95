package io.roost.http.telemetry;

import io.netty.handler.codec.http.HttpMethod;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.core.log.LogReader;
import io.roost.core.log.LogRecord;
import io.roost.core.log.PartitionInfo;
import io.roost.core.log.StartPosition;
import io.roost.core.log.TelemetryLog;
import io.roost.http.HttpReply;
import io.roost.http.RouteRequest;
import io.roost.http.Routes;
import io.roost.http.registry.ServiceAuthorization;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.policy.Permission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads the D2C log over the service REST API (docs/telemetry-read.md): {@code GET /messages/events}
 * pages through one partition, long-polling when asked, and {@code GET /messages/events/partitions}
 * tells where each partition starts and ends. Both need a policy token with ServiceConnect. The
 * consumer groups' routes ride along ({@link ConsumerGroupRoutes}), sharing its pool.
 *
 * <p>No handler touches the disk on the event loop: reads run on a small pool of its own, and a
 * long poll holds no thread while it waits ({@link TelemetryLog#whenRecordAvailable}). When that
 * pool's queue is full a read fails with 503. Thread-safe; {@link #close()} stops the pool after
 * the listeners are closed.
 */
public final class TelemetryReadRoutes implements AutoCloseable {

    public static final String EVENTS = "/messages/events";
    public static final String PARTITIONS = "/messages/events/partitions";

    static final int READER_THREADS = 2;
    static final int READ_QUEUE_CAPACITY = 1024;

    private final TelemetryLog log;
    private final ServiceAuthorization authorization;
    private final ThreadPoolExecutor readers;

    public TelemetryReadRoutes(DeviceRegistry registry, TelemetryLog log) {
        this.log = log;
        this.authorization = new ServiceAuthorization(registry);
        AtomicInteger threads = new AtomicInteger();
        this.readers = new ThreadPoolExecutor(READER_THREADS, READER_THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(READ_QUEUE_CAPACITY), runnable -> {
                    Thread thread = new Thread(runnable, "roost-event-reader-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** The read routes and the consumer groups' ({@link ConsumerGroupRoutes}). */
    public Routes.Builder addTo(Routes.Builder routes) {
        new ConsumerGroupRoutes(log.consumerGroups(), authorization, readers).addTo(routes);
        return routes
                .addAsync(HttpMethod.GET, EVENTS, this::read)
                .addAsync(HttpMethod.GET, PARTITIONS, this::partitions);
    }

    CompletableFuture<HttpReply> read(RouteRequest request) {
        return authorization.require(request, Permission.SERVICE_CONNECT)
                .thenCompose(policy -> {
                    EventQuery query = EventQuery.parse(request, log.partitionCount());
                    return onReaders(() -> readPage(query.partition(), query.start(), query.max()))
                            .thenCompose(page -> page.records().isEmpty() && query.timeoutSeconds() > 0
                                    ? waitThenRead(query, page.nextSequence())
                                    : CompletableFuture.completedFuture(page));
                })
                .thenApply(page -> HttpReply.json(200, EventJson.page(page.partition(), page.records(),
                        page.nextSequence())));
    }

    CompletableFuture<HttpReply> partitions(RouteRequest request) {
        return authorization.require(request, Permission.SERVICE_CONNECT)
                .thenApply(policy -> {
                    // In-memory offsets only: cheap enough for the event loop.
                    List<PartitionInfo> infos = new ArrayList<>(log.partitionCount());
                    for (int p = 0; p < log.partitionCount(); p++) {
                        infos.add(log.partitionInfo(p));
                    }
                    return HttpReply.json(200, EventJson.partitions(infos));
                });
    }

    /**
     * Waits (holding no thread) until the record at {@code nextSequence} is readable or the
     * timeout passes, then reads on the pool; an expired wait answers an empty page.
     */
    private CompletableFuture<Page> waitThenRead(EventQuery query, long nextSequence) {
        // The wait usually ends on the log's appender thread: only hand over to the pool there.
        return log.whenRecordAvailable(query.partition(), nextSequence)
                .orTimeout(query.timeoutSeconds(), TimeUnit.SECONDS)
                .handle((available, failure) -> {
                    if (failure == null) {
                        return onReaders(() -> readPage(query.partition(),
                                StartPosition.fromSequenceNumber(nextSequence, true), query.max()));
                    }
                    if (unwrap(failure) instanceof TimeoutException) {
                        return CompletableFuture.completedFuture(new Page(query.partition(), List.of(), nextSequence));
                    }
                    return CompletableFuture.<Page>failedFuture(unwrap(failure));
                })
                .thenCompose(Function.identity());
    }

    private Page readPage(int partition, StartPosition start, int max) {
        try (LogReader reader = log.openReader(partition, start)) {
            List<LogRecord> records = reader.poll(max);
            return new Page(partition, records, reader.position());
        }
    }

    /** Runs a disk read on the pool; a full queue answers 503 rather than queueing without bound. */
    private <T> CompletableFuture<T> onReaders(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            readers.execute(() -> {
                try {
                    result.complete(work.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new RoostException(Status.UNAVAILABLE,
                    readers.isShutdown() ? "the server is stopping" : "too many reads in flight; retry later"));
        }
        return result;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Override
    public void close() {
        readers.shutdownNow();
    }

    private record Page(int partition, List<LogRecord> records, long nextSequence) {
    }
}
