package io.roost.http.device;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.core.metrics.ProtocolMetrics;
import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.ProtocolOperations;
import io.roost.http.RouteRequest;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.device.Device;
import java.util.concurrent.CompletableFuture;

/**
 * Checks the device SAS token of a device API request ({@code Authorization: SharedAccessSignature
 * sr={host}/devices/{id}&sig=...&se=...}) for the device the path names. A refusal is logged on the
 * operations log and counted, then answered 401 by the router. On the registry's cache the check
 * is HMAC only and completes on the event loop. Thread-safe.
 */
final class DeviceAuthentication {

    private final DeviceRegistry registry;
    private final ProtocolMetrics metrics;
    private final ProtocolOperations operations;

    DeviceAuthentication(DeviceRegistry registry, ProtocolMetrics metrics, ProtocolOperations operations) {
        this.registry = registry;
        this.metrics = metrics;
        this.operations = operations;
    }

    /** Completes with the device; fails UNAUTHORIZED (no or bad token, unknown or disabled device). */
    CompletableFuture<Device> require(RouteRequest request, String deviceId) {
        String token = request.header(HttpHeaderNames.AUTHORIZATION).map(String::trim).orElse("");
        if (token.isEmpty()) {
            return refused(request, deviceId, new RoostException(Status.UNAUTHORIZED,
                    "unauthorized: the Authorization header with the device's SharedAccessSignature token is missing"));
        }
        return registry.authenticateDevice(deviceId, token).handle((device, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(device);
            }
            Throwable cause = failure.getCause() != null && !(failure instanceof RoostException) ? failure.getCause() : failure;
            return refused(request, deviceId, cause);
        }).thenCompose(future -> future);
    }

    private CompletableFuture<Device> refused(RouteRequest request, String deviceId, Throwable cause) {
        operations.failure(OperationCategory.Connections, "AUTH_FAILED", 401, deviceId, request.remoteAddress(),
                cause.getMessage() + " (" + request.method() + " " + request.path() + ")");
        metrics.authenticationFailed();
        return CompletableFuture.failedFuture(cause);
    }
}
