package io.roost.http.operations;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.roost.core.operations.OperationsHistory;
import io.roost.http.HttpReply;
import io.roost.http.RouteRequest;
import io.roost.http.Routes;
import io.roost.http.registry.ServiceAuthorization;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.policy.Permission;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the operations log over the service REST API (docs/operations-log.md):
 * {@code GET /operations?since=&category=&deviceId=&limit=} answers a JSON array, newest last;
 * with {@code Accept: text/event-stream} it follows the log live ({@link OperationsFollower}).
 * Needs a policy token with RegistryRead (iothubowner, registryRead, registryReadWrite): the log
 * tells who connected from where, which is registry-level knowledge, not a back end's business.
 * No handler touches the disk on the event loop: reads run on the log's reader thread.
 * Thread-safe.
 */
public final class OperationsRoutes {

    public static final String OPERATIONS = "/operations";
    static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

    private final ServiceAuthorization authorization;
    private final OperationsHistory history;
    private final Clock clock;
    private final Duration heartbeat;

    public OperationsRoutes(DeviceRegistry registry, OperationsHistory history, Clock clock) {
        this(registry, history, clock, DEFAULT_HEARTBEAT);
    }

    /** @param heartbeat how long a live stream stays silent before it sends a comment line */
    public OperationsRoutes(DeviceRegistry registry, OperationsHistory history, Clock clock, Duration heartbeat) {
        this.authorization = new ServiceAuthorization(registry);
        this.history = history;
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    public Routes.Builder addTo(Routes.Builder routes) {
        return routes.addAsync(HttpMethod.GET, OPERATIONS, this::read);
    }

    CompletableFuture<HttpReply> read(RouteRequest request) {
        return authorization.require(request, Permission.REGISTRY_READ).thenCompose(policy -> {
            OperationsQuery query = OperationsQuery.parse(request, clock.instant());
            if (wantsEventStream(request)) {
                return CompletableFuture.completedFuture(HttpReply.eventStream(new OperationsFollower(history,
                        query.filter(), query.limit(), lastEventId(request), heartbeat)));
            }
            return history.newest(query.filter(), query.limit())
                    .thenApply(page -> HttpReply.json(200, OperationsJson.array(page.operations())));
        });
    }

    private static boolean wantsEventStream(RouteRequest request) {
        return request.headers().getAll(HttpHeaderNames.ACCEPT).stream()
                .anyMatch(accept -> accept.toLowerCase(Locale.ROOT).contains("text/event-stream"));
    }

    /** A reconnecting EventSource sends the last id it saw; a value that is not a sequence is ignored. */
    private static long lastEventId(RouteRequest request) {
        try {
            return request.header("Last-Event-ID").map(String::trim).map(Long::parseLong).filter(id -> id >= 0).orElse(-1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
