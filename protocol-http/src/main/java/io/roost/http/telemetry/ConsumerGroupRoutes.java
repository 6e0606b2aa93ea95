package io.roost.http.telemetry;

import io.netty.handler.codec.http.HttpMethod;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.core.log.ConsumerGroups;
import io.roost.http.HttpReply;
import io.roost.http.JsonText;
import io.roost.http.RouteRequest;
import io.roost.http.Routes;
import io.roost.http.registry.ServiceAuthorization;
import io.roost.registry.policy.Permission;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The D2C log's consumer groups over the service REST API (docs/telemetry-read.md): an Event
 * Hubs-compatible reader names its group in its address, and a group must exist first, as on IoT
 * Hub. {@code GET /consumerGroups} lists them (ServiceConnect); {@code PUT} and {@code DELETE
 * /consumerGroups/{name}} create (idempotent) and delete one (RegistryWrite: they change the hub,
 * not just read it). Creating and deleting write and fsync a file, so they run on the readers'
 * pool, never on the event loop. Thread-safe.
 */
final class ConsumerGroupRoutes {

    static final String GROUPS = "/consumerGroups";
    static final String GROUP = "/consumerGroups/{name}";

    private final ConsumerGroups groups;
    private final ServiceAuthorization authorization;
    private final Executor storeWork;

    ConsumerGroupRoutes(ConsumerGroups groups, ServiceAuthorization authorization, Executor storeWork) {
        this.groups = groups;
        this.authorization = authorization;
        this.storeWork = storeWork;
    }

    Routes.Builder addTo(Routes.Builder routes) {
        return routes
                .addAsync(HttpMethod.GET, GROUPS, this::list)
                .addAsync(HttpMethod.PUT, GROUP, this::create)
                .addAsync(HttpMethod.DELETE, GROUP, this::delete);
    }

    CompletableFuture<HttpReply> list(RouteRequest request) {
        return authorization.require(request, Permission.SERVICE_CONNECT)
                .thenApply(policy -> HttpReply.json(200, json(groups.groups())));
    }

    CompletableFuture<HttpReply> create(RouteRequest request) {
        String name = request.pathParam("name");
        return authorization.require(request, Permission.REGISTRY_WRITE)
                .thenCompose(policy -> offLoop(() -> {
                    boolean existed = groups.groups().contains(name);
                    groups.create(name);
                    return HttpReply.json(existed ? 200 : 201, "{\"name\":" + JsonText.quote(name) + "}");
                }));
    }

    CompletableFuture<HttpReply> delete(RouteRequest request) {
        String name = request.pathParam("name");
        return authorization.require(request, Permission.REGISTRY_WRITE)
                .thenCompose(policy -> offLoop(() -> {
                    if (!groups.groups().contains(name)) {
                        throw new RoostException(Status.NOT_FOUND, "ConsumerGroupNotFound",
                                "no consumer group named " + name, null);
                    }
                    groups.delete(name);
                    return HttpReply.noContent();
                }));
    }

    private CompletableFuture<HttpReply> offLoop(Supplier<HttpReply> work) {
        try {
            return CompletableFuture.supplyAsync(work, storeWork);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new RoostException(Status.UNAVAILABLE, "the server is busy; retry later"));
        }
    }

    private static String json(Set<String> names) {
        StringJoiner out = new StringJoiner(",", "[", "]");
        names.forEach(name -> out.add("{\"name\":" + JsonText.quote(name) + "}"));
        return out.toString();
    }
}
