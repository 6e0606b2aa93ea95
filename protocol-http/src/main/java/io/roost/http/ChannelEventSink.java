package io.roost.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link EventSink} on one HTTP connection: a chunked response whose chunks are events.
 * {@code Channel.writeAndFlush} is safe from any thread and keeps the order of calls, so sends
 * need no lock. Thread-safe.
 */
final class ChannelEventSink implements EventSink {

    /** Set on a connection that carries a stream: the router then ignores further requests on it. */
    static final AttributeKey<Boolean> STREAMING = AttributeKey.valueOf("roost.http.streaming");

    private final Channel channel;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private ChannelEventSink(Channel channel) {
        this.channel = channel;
        channel.closeFuture().addListener(done -> closed.complete(null));
    }

    /** On the event loop: writes the response head and hands the sink to the stream. */
    static void start(Channel channel, HttpReply reply) {
        channel.attr(STREAMING).set(Boolean.TRUE);
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, EventStream.CONTENT_TYPE)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        reply.headers().forEach(head.headers()::set);
        HttpUtil.setTransferEncodingChunked(head, true);
        channel.writeAndFlush(head);
        // Reading again lets the close of the client be seen at once; requests are ignored (STREAMING).
        channel.config().setAutoRead(true);
        reply.stream().start(new ChannelEventSink(channel));
    }

    @Override
    public boolean send(String id, String data) {
        StringBuilder event = new StringBuilder();
        if (id != null) {
            event.append("id: ").append(id).append('\n');
        }
        for (String line : data.split("\r\n|\r|\n", -1)) {
            event.append("data: ").append(line).append('\n');
        }
        return write(event.append('\n').toString());
    }

    @Override
    public boolean comment(String text) {
        return write(": " + text.replace('\n', ' ').replace('\r', ' ') + "\n\n");
    }

    private boolean write(String text) {
        if (!channel.isActive()) {
            return false;
        }
        if (!channel.isWritable()) {
            // The client does not keep up: cut it off rather than buffer without bound.
            close();
            return false;
        }
        channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
        return true;
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public void close() {
        if (channel.isActive()) {
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
