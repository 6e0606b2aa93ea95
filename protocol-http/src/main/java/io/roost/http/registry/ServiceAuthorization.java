package io.roost.http.registry;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.core.throttle.Throttle;
import io.roost.core.throttle.ThrottleDecision;
import io.roost.core.throttle.ThrottledException;
import io.roost.http.RouteRequest;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.policy.Permission;
import io.roost.registry.policy.SharedAccessPolicy;
import java.util.concurrent.CompletableFuture;

/**
 * Checks the shared access policy token of a service request: {@code Authorization:
 * SharedAccessSignature sr=...&sig=...&se=...&skn=...} (design.md section 6). Verification is HMAC
 * only, so it completes on the calling event loop without blocking. With a {@link Throttle}, each
 * authorized request also takes a token from its policy's registry bucket; over it, the request
 * fails with {@link ThrottledException} (429, {@code Retry-After}). Thread-safe.
 */
public final class ServiceAuthorization {

    /** The {@code protocol} of throttling events of service requests. */
    private static final String PROTOCOL = "http";

    private final DeviceRegistry registry;
    private final Throttle throttle;

    public ServiceAuthorization(DeviceRegistry registry) {
        this(registry, Throttle.unlimited());
    }

    /** @param throttle limits the requests of each policy ({@link Throttle#registryRequest}) */
    public ServiceAuthorization(DeviceRegistry registry, Throttle throttle) {
        this.registry = registry;
        this.throttle = throttle;
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

    /**
     * Completes with the policy; fails UNAUTHORIZED (no or bad token), FORBIDDEN (no such right) or
     * with {@link ThrottledException} (the policy is over its requests per second).
     */
    public CompletableFuture<SharedAccessPolicy> require(RouteRequest request, Permission permission) {
        String token = request.header(HttpHeaderNames.AUTHORIZATION).orElse(null);
        if (token == null || token.isBlank()) {
            return CompletableFuture.failedFuture(new RoostException(Status.UNAUTHORIZED,
                    "unauthorized: the Authorization header with a SharedAccessSignature token is missing"));
        }
        return registry.authenticatePolicy(token.trim(), permission).thenApply(policy -> {
            ThrottleDecision decision = throttle.registryRequest(policy.name(), PROTOCOL, request.remoteAddress());
            if (!decision.allowed()) {
                throw new ThrottledException(decision, "policy " + policy.name() + " makes more than "
                        + throttle.settings().policyRequestsPerSecond() + " registry requests a second");
            }
            return policy;
        });
    }
}
