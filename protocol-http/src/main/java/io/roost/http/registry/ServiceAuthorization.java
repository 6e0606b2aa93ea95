package io.roost.http.registry;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.http.RouteRequest;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.policy.Permission;
import io.roost.registry.policy.SharedAccessPolicy;
import java.util.concurrent.CompletableFuture;

/**
 * Checks the shared access policy token of a service request: {@code Authorization:
 * SharedAccessSignature sr=...&sig=...&se=...&skn=...} (design.md section 6). Verification is HMAC
 * only, so it completes on the calling event loop without blocking. Thread-safe.
 */
public final class ServiceAuthorization {

    private final DeviceRegistry registry;

    public ServiceAuthorization(DeviceRegistry registry) {
        this.registry = registry;
    }

    /**
     * Whether the headers carry a valid token with RegistryWrite; decided at once (HMAC only), so
     * the pipeline may ask before it buffers a large body.
     */
    boolean mayWrite(HttpHeaders headers) {
        String token = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (token == null || token.isBlank()) {
            return false;
        }
        CompletableFuture<SharedAccessPolicy> admitted = registry.authenticatePolicy(token.trim(), Permission.REGISTRY_WRITE);
        return admitted.isDone() && !admitted.isCompletedExceptionally();
    }

    /** Completes with the policy; fails UNAUTHORIZED (no or bad token) or FORBIDDEN (no such right). */
    public CompletableFuture<SharedAccessPolicy> require(RouteRequest request, Permission permission) {
        String token = request.header(HttpHeaderNames.AUTHORIZATION).orElse(null);
        if (token == null || token.isBlank()) {
            return CompletableFuture.failedFuture(new RoostException(Status.UNAUTHORIZED,
                    "unauthorized: the Authorization header with a SharedAccessSignature token is missing"));
        }
        return registry.authenticatePolicy(token.trim(), permission);
    }
}
