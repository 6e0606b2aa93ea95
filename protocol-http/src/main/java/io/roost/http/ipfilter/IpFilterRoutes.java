package io.roost.http.ipfilter;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.core.ipfilter.IpFilter;
import io.roost.core.ipfilter.IpFilterRules;
import io.roost.http.HttpReply;
import io.roost.http.RouteRequest;
import io.roost.http.Routes;
import io.roost.http.registry.ServiceAuthorization;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.policy.Permission;
import io.roost.registry.policy.SharedAccessPolicy;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /ipfilter} and {@code PUT /ipfilter} (docs/security.md): read and replace the whole
 * ordered rule list. A change applies to connections accepted once the PUT has answered, on every
 * listener, without a restart; open connections stay. Changing who may connect is the hub owner's
 * business (IoT Hub keeps it in the control plane), so both routes need a policy token that grants
 * every right, as {@code iothubowner} does. Replies carry an {@code ETag}; a PUT with
 * {@code If-Match} replaces only rules that still have it (412 otherwise), so read-modify-write
 * clients such as {@code roost ipfilter add} lose no concurrent change.
 */
public final class IpFilterRoutes {

    public static final String PATH = "/ipfilter";
    /** The rights of the owner policy: every one there is. */
    static final Set<Permission> OWNER = EnumSet.allOf(Permission.class);

    private final IpFilter filter;
    private final ServiceAuthorization authorization;

    private IpFilterRoutes(IpFilter filter, ServiceAuthorization authorization) {
        this.filter = filter;
        this.authorization = authorization;
    }

    public static Routes.Builder addTo(Routes.Builder routes, DeviceRegistry registry, IpFilter filter) {
        IpFilterRoutes ipFilter = new IpFilterRoutes(filter, new ServiceAuthorization(registry));
        return routes
                .addAsync(HttpMethod.GET, PATH, ipFilter::get)
                .addAsync(HttpMethod.PUT, PATH, ipFilter::put);
    }

    CompletableFuture<HttpReply> get(RouteRequest request) {
        return owner(request).thenApply(policy -> reply(filter.rules()));
    }

    /** Validates before anything is saved: a bad rule is a 400 naming it, and the rules in force stay. */
    CompletableFuture<HttpReply> put(RouteRequest request) {
        return owner(request).thenCompose(policy -> {
            IpFilterRules next;
            try {
                next = IpFilterJson.parse(request.body());
            } catch (IllegalArgumentException e) {
                throw new RoostException(Status.BAD_REQUEST, "ArgumentInvalid", e.getMessage(), null);
            }
            String ifMatch = request.header(HttpHeaderNames.IF_MATCH).map(IpFilterRoutes::unquoted).orElse("*");
            return filter.replace(next, current -> ifMatch.equals("*") || ifMatch.equals(IpFilterJson.etag(current)));
        }).thenApply(IpFilterRoutes::reply);
    }

    private CompletableFuture<SharedAccessPolicy> owner(RouteRequest request) {
        return authorization.require(request, Permission.REGISTRY_WRITE).thenApply(policy -> {
            if (!policy.permissions().containsAll(OWNER)) {
                throw new RoostException(Status.FORBIDDEN, "policy " + policy.name()
                        + " may not read or change the IP filter: it needs every right, as iothubowner has");
            }
            return policy;
        });
    }

    private static HttpReply reply(IpFilterRules rules) {
        return HttpReply.json(200, IpFilterJson.write(rules)).withHeader("ETag", "\"" + IpFilterJson.etag(rules) + "\"");
    }

    private static String unquoted(String etag) {
        String trimmed = etag.trim();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
