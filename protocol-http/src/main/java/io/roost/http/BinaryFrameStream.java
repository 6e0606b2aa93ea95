package io.roost.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * Makes an upgraded WebSocket connection look like a plain byte stream to the protocol behind it,
 * as MQTT and AMQP over WebSocket define it (MQTT 3.1.1 section 6, AMQP WebSocket binding): the
 * payloads of binary frames and their continuations are passed on in order, frame boundaries
 * ignored, and every buffer the protocol writes leaves as one binary frame. The protocol's own
 * decoder reassembles its packets, so a packet may span frames or share one.
 *
 * <p>Control frames are answered here (RFC 6455 section 5.5): a ping gets a pong with its payload;
 * a close gets a close back, then the TCP connection is closed; a pong is ignored. A text frame is
 * not part of these bindings: it is answered with close status 1003 (unsupported data).
 *
 * <p>Stateless; one instance serves every connection.
 */
@ChannelHandler.Sharable
final class BinaryFrameStream extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {

    static final BinaryFrameStream INSTANCE = new BinaryFrameStream();

    private BinaryFrameStream() {
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            // The codec releases the frame after this returns; the payload lives on downstream.
            out.add(frame.content().retain());
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame close) {
            // Echo the status, as RFC 6455 section 5.5.1 asks; the server then closes TCP first.
            CloseWebSocketFrame answer = close.statusCode() < 0 ? new CloseWebSocketFrame()
                    : new CloseWebSocketFrame(close.statusCode(), "");
            ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        } else if (!(frame instanceof PongWebSocketFrame)) {
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "binary frames only"))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
        // The codec releases the buffer after this returns; the frame takes its own reference.
        out.add(new BinaryWebSocketFrame(bytes.retain()));
    }
}
