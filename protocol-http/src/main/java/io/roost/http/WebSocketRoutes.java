package io.roost.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The WebSocket routes of one listener, by path and then by subprotocol. A new protocol on a path
 * already served (AMQP next to MQTT on {@code /$iothub/websocket}) is one more route, nothing else.
 * Immutable and thread-safe.
 */
final class WebSocketRoutes {

    private final Map<String, Map<String, WebSocketRoute>> byPath;

    /** @throws IllegalArgumentException when two routes name the same path and subprotocol */
    WebSocketRoutes(List<WebSocketRoute> routes) {
        Map<String, Map<String, WebSocketRoute>> table = new LinkedHashMap<>();
        for (WebSocketRoute route : routes) {
            WebSocketRoute previous = table.computeIfAbsent(route.path(), p -> new LinkedHashMap<>())
                    .put(route.subprotocol(), route);
            if (previous != null) {
                throw new IllegalArgumentException("WebSocket route " + route.path() + " with subprotocol "
                        + route.subprotocol() + " is already defined");
            }
        }
        table.replaceAll((path, bySubprotocol) -> Map.copyOf(bySubprotocol));
        this.byPath = Map.copyOf(table);
    }

    boolean isEmpty() {
        return byPath.isEmpty();
    }

    /**
     * The routes at the raw (percent-encoded) path of a request target, by subprotocol; empty when
     * the path has none or cannot be decoded (the router then answers as for any other path).
     * Decoding first lets a client write {@code %24iothub} for {@code $iothub}.
     */
    Map<String, WebSocketRoute> at(String rawPath) {
        if (byPath.isEmpty()) {
            return Map.of();
        }
        try {
            List<String> segments = PathSegments.decode(rawPath);
            // A decoded '/' inside a segment must not make "/a%2Fb" look like the path "/a/b".
            if (segments.stream().anyMatch(segment -> segment.indexOf('/') >= 0)) {
                return Map.of();
            }
            return byPath.getOrDefault("/" + String.join("/", segments), Map.of());
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }
}
