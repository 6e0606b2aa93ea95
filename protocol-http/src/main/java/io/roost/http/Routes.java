package io.roost.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The route table: exact path to the handlers of each method. Exact paths are all the current
 * routes need; templated paths ({@code /devices/{id}/...}) can be added here when the device API
 * arrives without changing the router.
 *
 * <p>Immutable once built and thread-safe; the builder is not.
 */
public final class Routes {

    private final Map<String, Map<HttpMethod, RouteHandler>> byPath;

    private Routes(Map<String, Map<HttpMethod, RouteHandler>> byPath) {
        this.byPath = byPath;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The handlers of a path by method, or empty when no route has this path. */
    Optional<Map<HttpMethod, RouteHandler>> methodsOf(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** Not thread-safe. */
    public static final class Builder {
        private final Map<String, Map<HttpMethod, RouteHandler>> byPath = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder get(String path, RouteHandler handler) {
            return add(HttpMethod.GET, path, handler);
        }

        public Builder add(HttpMethod method, String path, RouteHandler handler) {
            Objects.requireNonNull(handler, "handler");
            RouteHandler previous = byPath.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, handler);
            if (previous != null) {
                throw new IllegalArgumentException("route " + method + " " + path + " is already defined");
            }
            return this;
        }

        public Routes build() {
            Map<String, Map<HttpMethod, RouteHandler>> copy = new LinkedHashMap<>();
            byPath.forEach((path, methods) -> copy.put(path, Map.copyOf(methods)));
            return new Routes(Map.copyOf(copy));
        }
    }

    static String allowHeader(Set<HttpMethod> methods) {
        return String.join(", ", methods.stream().map(HttpMethod::name).sorted().toList());
    }
}
