package io.roost.http.registry;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.roost.http.HttpReply;
import io.roost.http.RouteRequest;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.DevicePage;
import io.roost.registry.device.Device;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.device.Etags;
import io.roost.registry.json.DeviceJson;
import io.roost.registry.policy.Permission;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The device routes of IoT Hub's registry API: {@code PUT}, {@code GET}, {@code DELETE
 * /devices/{id}} with etags, and {@code GET /devices?top=N} paged with {@code x-ms-continuation}.
 * Every handler returns at once: token checks are HMAC only, store work runs on the registry's
 * workers. Thread-safe.
 */
final class DeviceRoutes {

    /** IoT Hub's header for the next page of a query, both ways. */
    static final String CONTINUATION = "x-ms-continuation";
    static final int DEFAULT_TOP = 1000;

    private final DeviceRegistry registry;
    private final ServiceAuthorization authorization;
    private final UnaryOperator<Device> runtimeState;

    /** @param runtimeState overlays what the registry does not store (C2D queue depth, connection state) */
    DeviceRoutes(DeviceRegistry registry, ServiceAuthorization authorization, UnaryOperator<Device> runtimeState) {
        this.registry = registry;
        this.authorization = authorization;
        this.runtimeState = runtimeState;
    }

    /** Without {@code If-Match}: create (409 if it exists). With {@code If-Match} ({@code "etag"} or {@code *}): replace. */
    CompletableFuture<HttpReply> put(RouteRequest request, String deviceId) {
        String ifMatch = request.header(HttpHeaderNames.IF_MATCH).orElse(null);
        boolean creating = ifMatch == null || ifMatch.isBlank();
        return authorization.require(request, Permission.REGISTRY_WRITE)
                .thenCompose(policy -> {
                    DeviceSpec spec = specFor(request, deviceId);
                    return creating ? registry.create(spec) : registry.replace(spec, ifMatch);
                })
                .thenApply(this::deviceReply)
                .exceptionally(failure -> {
                    throw RegistryErrors.translate(failure, creating);
                });
    }

    CompletableFuture<HttpReply> get(RouteRequest request, String deviceId) {
        return authorization.require(request, Permission.REGISTRY_READ)
                .thenCompose(policy -> registry.get(deviceId))
                .thenApply(this::deviceReply)
                .exceptionally(failure -> {
                    throw RegistryErrors.translate(failure, false);
                });
    }

    /** Without {@code If-Match} the delete is unconditional, as IoT Hub treats it ({@code *}). */
    CompletableFuture<HttpReply> delete(RouteRequest request, String deviceId) {
        String ifMatch = request.header(HttpHeaderNames.IF_MATCH).orElse(Etags.ANY);
        return authorization.require(request, Permission.REGISTRY_WRITE)
                .thenCompose(policy -> registry.delete(deviceId, ifMatch))
                .thenApply(done -> HttpReply.noContent())
                .exceptionally(failure -> {
                    throw RegistryErrors.translate(failure, false);
                });
    }

    /** {@code GET /devices?top=N}: a JSON array; {@code x-ms-continuation} names the next page while there is one. */
    CompletableFuture<HttpReply> list(RouteRequest request) {
        return authorization.require(request, Permission.REGISTRY_READ)
                .thenCompose(policy -> registry.list(top(request), request.header(CONTINUATION).orElse(null)))
                .thenApply(this::pageReply)
                .exceptionally(failure -> {
                    throw RegistryErrors.translate(failure, false);
                });
    }

    CompletableFuture<HttpReply> get(RouteRequest request) {
        return get(request, request.pathParam("id"));
    }

    CompletableFuture<HttpReply> put(RouteRequest request) {
        return put(request, request.pathParam("id"));
    }

    CompletableFuture<HttpReply> delete(RouteRequest request) {
        return delete(request, request.pathParam("id"));
    }

    /** The body's spec with the path's id; a body naming another device is refused. */
    private static DeviceSpec specFor(RouteRequest request, String deviceId) {
        DeviceSpec spec = DeviceJson.decodeSpec(request.body());
        if (spec.deviceId() != null && !spec.deviceId().equals(deviceId)) {
            throw RegistryErrors.badRequest("deviceId " + spec.deviceId() + " in the body does not match "
                    + deviceId + " in the path");
        }
        return new DeviceSpec(deviceId, spec.etag(), spec.status(), spec.statusReason(), spec.type(),
                spec.primaryKey(), spec.secondaryKey(), spec.thumbprint());
    }

    private static int top(RouteRequest request) {
        String top = request.queryParam("top").orElse(null);
        if (top == null || top.isBlank()) {
            return DEFAULT_TOP;
        }
        try {
            return Integer.parseInt(top.trim());
        } catch (NumberFormatException e) {
            throw RegistryErrors.badRequest("top must be a number between 1 and " + DEFAULT_TOP);
        }
    }

    private HttpReply deviceReply(Device stored) {
        Device device = runtimeState.apply(stored);
        return HttpReply.json(200, DeviceJson.encode(device))
                .withHeader(HttpHeaderNames.ETAG.toString(), Etags.quote(device.etag()));
    }

    private HttpReply pageReply(DevicePage page) {
        HttpReply reply = HttpReply.json(200, DeviceJson.encodeList(page.devices().stream().map(runtimeState).toList()));
        return page.continuation() == null ? reply : reply.withHeader(CONTINUATION, page.continuation());
    }
}
