package io.roost.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a route answers: a status, a content type, a body and any extra response headers
 * ({@code ETag}, {@code x-ms-continuation}), or a stream of server-sent events ({@link #eventStream})
 * that goes on until either side closes. Kept as plain values so routes stay independent of
 * Netty buffers and reference counting; the router turns a reply into a response.
 *
 * <p>Immutable by convention: a route builds a fresh body per reply and never changes it after.
 *
 * @param stream null for a plain reply; for {@link #eventStream} what writes the events
 */
public record HttpReply(int status, String contentType, byte[] body, Map<String, String> headers, EventStream stream) {

    public static final String JSON = "application/json; charset=utf-8";

    public HttpReply {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    public HttpReply(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null);
    }

    public HttpReply(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    /**
     * 200 with {@code Content-Type: text/event-stream}: the router writes the head, then hands the
     * connection's sink to {@code stream} (see {@link EventStream}).
     */
    public static HttpReply eventStream(EventStream stream) {
        return new HttpReply(200, EventStream.CONTENT_TYPE, new byte[0], Map.of(), Objects.requireNonNull(stream, "stream"));
    }

    public static HttpReply json(int status, String json) {
        return new HttpReply(status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpReply json(int status, byte[] json) {
        return new HttpReply(status, JSON, json);
    }

    public static HttpReply text(int status, String contentType, String text) {
        return new HttpReply(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    /** 204: no body, and (as RFC 9110 section 8.6 asks) no Content-Length either. */
    public static HttpReply noContent() {
        return new HttpReply(204, JSON, new byte[0]);
    }

    /** The same reply with one more response header (replacing one of the same name). */
    public HttpReply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpReply(status, contentType, body, more, stream);
    }

    /**
     * The error body every HTTP edge of Roost uses, shaped like IoT Hub's:
     * {@code {"errorCode":"NotFound","message":"..."}}.
     */
    public static HttpReply error(int status, String errorCode, String message) {
        return json(status, "{\"errorCode\":" + JsonText.quote(errorCode)
                + ",\"message\":" + JsonText.quote(message) + "}");
    }
}
