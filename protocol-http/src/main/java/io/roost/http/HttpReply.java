package io.roost.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a route answers: a status, a content type and a body. Kept as plain values so routes stay
 * independent of Netty buffers and reference counting; the router turns a reply into a response.
 *
 * <p>Immutable by convention: a route builds a fresh body per reply and never changes it after.
 */
public record HttpReply(int status, String contentType, byte[] body) {

    public static final String JSON = "application/json; charset=utf-8";

    public HttpReply {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    public static HttpReply json(int status, String json) {
        return new HttpReply(status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpReply text(int status, String contentType, String text) {
        return new HttpReply(status, contentType, text.getBytes(StandardCharsets.UTF_8));
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
