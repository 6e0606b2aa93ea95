package io.roost.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import java.util.Objects;

/**
 * A protocol that an HTTP listener carries over WebSocket: a GET upgrade request for {@code path}
 * that offers {@code subprotocol} in {@code Sec-WebSocket-Protocol} is switched to WebSocket, and
 * the connection's pipeline then ends in a byte stream of the binary frames' payloads, behind which
 * {@code initializer} adds the protocol's own handlers (decoder, encoder, session, and an exception
 * handler of its own: the HTTP one is removed). Several routes may share a path, one per
 * subprotocol (IoT Hub carries MQTT and AMQP on {@code /$iothub/websocket}).
 *
 * <p>Immutable; the initializer is shared by every upgraded connection, so it must be
 * {@link ChannelHandler.Sharable} (a {@link io.netty.channel.ChannelInitializer} is).
 *
 * @param path the exact, decoded path, e.g. {@code /$iothub/websocket}; the query never takes part
 * @param subprotocol the {@code Sec-WebSocket-Protocol} token, compared exactly (e.g. {@code mqtt})
 * @param maxFramePayloadBytes the largest frame payload the decoder takes; a bigger frame is refused
 *     from its header, before its payload is buffered, with close status 1009 (message too big)
 * @param initializer adds the protocol's handlers at the end of the pipeline when the upgrade is
 *     accepted; the TLS handler, if any, stays at the head
 */
public record WebSocketRoute(String path, String subprotocol, int maxFramePayloadBytes, ChannelHandler initializer) {

    public WebSocketRoute {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(subprotocol, "subprotocol");
        Objects.requireNonNull(initializer, "initializer");
        if (!path.startsWith("/") || PathTemplate.isTemplate(path) || path.indexOf('?') >= 0) {
            throw new IllegalArgumentException("a WebSocket route needs an exact path without query: " + path);
        }
        if (subprotocol.isBlank() || subprotocol.indexOf(',') >= 0) {
            throw new IllegalArgumentException("a subprotocol is one non-empty token: " + subprotocol);
        }
        if (maxFramePayloadBytes < 1) {
            throw new IllegalArgumentException("the frame limit must be positive: " + maxFramePayloadBytes);
        }
        if (!(initializer instanceof ChannelHandlerAdapter adapter) || !adapter.isSharable()) {
            throw new IllegalArgumentException("the initializer serves every connection, so it must be @Sharable: "
                    + initializer.getClass().getName());
        }
    }
}
