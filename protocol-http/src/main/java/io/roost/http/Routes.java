package io.roost.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The route table: exact paths ({@code /health}) and templates ({@code /devices/{id}}), each with
 * its handler per method. An exact path wins over any template, so {@code /devices/import} is
 * never taken for the device {@code import}; among templates the most specific wins (a literal
 * beats a parameter at the first segment where they differ), then the first added. A path matches
 * at path level: when it has no handler for the request's method the answer is 405, even if a
 * less specific route has one.
 *
 * <p>Immutable once built and thread-safe; the builder is not.
 */
public final class Routes {

    private final Map<String, Map<HttpMethod, Endpoint>> exact;
    private final List<TemplateRoute> templates;
    private final Map<String, BodyLimit> bodyLimits;

    private Routes(Map<String, Map<HttpMethod, Endpoint>> exact, List<TemplateRoute> templates,
            Map<String, BodyLimit> bodyLimits) {
        this.exact = exact;
        this.templates = templates;
        this.bodyLimits = bodyLimits;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The route for percent-decoded path segments ({@link PathSegments#decode}), or empty when no
     * route has this path.
     */
    Optional<RouteMatch> match(List<String> segments) {
        String path = "/" + String.join("/", segments);
        // A decoded '/' inside a segment must not make "/a%2Fb" look like the exact path "/a/b".
        if (segments.stream().noneMatch(segment -> segment.indexOf('/') >= 0)) {
            Map<HttpMethod, Endpoint> methods = exact.get(path);
            if (methods != null) {
                return Optional.of(new RouteMatch(path, methods, Map.of()));
            }
        }
        for (TemplateRoute route : templates) {
            Optional<Map<String, String>> params = route.template().match(segments);
            if (params.isPresent()) {
                return Optional.of(new RouteMatch(path, route.methods(), params.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * The body limit declared with {@link Builder#bodyLimit} for the route a request target's raw
     * (percent-encoded) path leads to, when the request's headers are admitted to it; empty for
     * every other path or request, which keeps the listener's default. The route is found as
     * {@link #match} finds it, so an exact path's limit never applies to a template's request or
     * the other way round. Called on the event loop.
     */
    Optional<Integer> bodyLimit(String rawPath, HttpHeaders headers) {
        if (bodyLimits.isEmpty()) {
            return Optional.empty();
        }
        try {
            BodyLimit limit = routeKey(PathSegments.decode(rawPath)).map(bodyLimits::get).orElse(null);
            return limit != null && limit.admits().test(headers) ? Optional.of(limit.maxBytes()) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The path or template, as given to the builder, of the route these segments match. */
    private Optional<String> routeKey(List<String> segments) {
        if (segments.stream().noneMatch(segment -> segment.indexOf('/') >= 0)) {
            String path = "/" + String.join("/", segments);
            if (exact.containsKey(path)) {
                return Optional.of(path);
            }
        }
        for (TemplateRoute route : templates) {
            if (route.template().match(segments).isPresent()) {
                return Optional.of(route.template().toString());
            }
        }
        return Optional.empty();
    }

    static String allowHeader(Set<HttpMethod> methods) {
        return String.join(", ", methods.stream().map(HttpMethod::name).sorted().toList());
    }

    /** A found route: the decoded path, the handlers by method and the template's parameters. */
    record RouteMatch(String path, Map<HttpMethod, Endpoint> methods, Map<String, String> params) {
    }

    /**
     * One handler, synchronous or not, behind one calling convention for the router. Called on the
     * event loop; the request belongs to the router and is released after the call returns.
     */
    interface Endpoint {
        CompletableFuture<HttpReply> serve(FullHttpRequest request, RouteMatch match, SocketAddress remoteAddress);
    }

    private record BodyLimit(int maxBytes, Predicate<HttpHeaders> admits) {
    }

    private record TemplateRoute(PathTemplate template, Map<HttpMethod, Endpoint> methods) {
    }

    /** Not thread-safe. */
    public static final class Builder {
        private final Map<String, Map<HttpMethod, Endpoint>> byPath = new LinkedHashMap<>();
        private final Map<String, BodyLimit> bodyLimits = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder get(String path, RouteHandler handler) {
            return add(HttpMethod.GET, path, handler);
        }

        /**
         * A handler that answers at once on the event loop.
         *
         * @param path an exact path, or a template with {@code {name}} segments; a synchronous
         *     handler sees the raw request and so not the template's parameters
         */
        public Builder add(HttpMethod method, String path, RouteHandler handler) {
            Objects.requireNonNull(handler, "handler");
            return put(method, path, (request, match, remote) -> CompletableFuture.completedFuture(handler.handle(request)));
        }

        /**
         * A handler whose reply may come later, from any thread.
         *
         * @param path an exact path, or a template with {@code {name}} segments such as {@code /devices/{id}}
         */
        public Builder addAsync(HttpMethod method, String path, AsyncRouteHandler handler) {
            Objects.requireNonNull(handler, "handler");
            return put(method, path, (request, match, remote) ->
                    handler.handle(RouteRequest.copyOf(request, match.path(), match.params(), remote)));
        }

        /**
         * A request body limit for one route other than the listener's default: larger for the
         * few routes that take bulk input (device import), smaller for those whose messages have a
         * fixed maximum (a cloud-to-device message). Every other route keeps the default, so a
         * client cannot make the server buffer a large body anywhere else. A body over the limit
         * is answered 413 from its {@code Content-Length} (or as it arrives, when chunked) before
         * it is buffered.
         *
         * @param path an exact path or a template, as given to {@link #addAsync}; it applies to
         *     every method of that route
         * @param admits decides from the request headers, before any body byte is read, whether
         *     the request gets this limit (e.g. a valid token with the right permission); others
         *     keep the default. Runs on the event loop: it must not block.
         */
        public Builder bodyLimit(String path, int maxBytes, Predicate<HttpHeaders> admits) {
            Objects.requireNonNull(admits, "admits");
            if (PathTemplate.isTemplate(path)) {
                PathTemplate.parse(path);
            } else if (!path.startsWith("/")) {
                throw new IllegalArgumentException("a route path starts with '/': " + path);
            }
            if (maxBytes < 1) {
                throw new IllegalArgumentException("a body limit must be positive: " + maxBytes);
            }
            bodyLimits.put(path, new BodyLimit(maxBytes, admits));
            return this;
        }

        private Builder put(HttpMethod method, String path, Endpoint endpoint) {
            Objects.requireNonNull(method, "method");
            if (PathTemplate.isTemplate(path)) {
                PathTemplate.parse(path);
            } else if (!path.startsWith("/")) {
                throw new IllegalArgumentException("a route path starts with '/': " + path);
            }
            Endpoint previous = byPath.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, endpoint);
            if (previous != null) {
                throw new IllegalArgumentException("route " + method + " " + path + " is already defined");
            }
            return this;
        }

        public Routes build() {
            Map<String, Map<HttpMethod, Endpoint>> exact = new LinkedHashMap<>();
            List<TemplateRoute> templates = new ArrayList<>();
            byPath.forEach((path, methods) -> {
                if (PathTemplate.isTemplate(path)) {
                    templates.add(new TemplateRoute(PathTemplate.parse(path), Map.copyOf(methods)));
                } else {
                    exact.put(path, Map.copyOf(methods));
                }
            });
            // List.sort is stable: equally specific templates keep the order they were added in.
            templates.sort(Comparator.comparing(TemplateRoute::template, PathTemplate::bySpecificity));
            return new Routes(Map.copyOf(exact), List.copyOf(templates), Map.copyOf(bodyLimits));
        }
    }
}
