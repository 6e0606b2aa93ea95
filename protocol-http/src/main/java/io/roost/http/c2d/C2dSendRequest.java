package io.roost.http.c2d;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.roost.core.c2d.AckMode;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.error.RoostException;
import io.roost.http.RouteRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads a cloud-to-device message from a send request: the body as it is, the system properties
 * from IoT Hub's headers ({@code iothub-messageid}, {@code iothub-correlationid},
 * {@code iothub-userid}, {@code iothub-ack}, {@code iothub-expiry}, {@code Content-Type},
 * {@code Content-Encoding}) and one application property per {@code iothub-app-<name>} header, in
 * the order they came. Stateless.
 */
final class C2dSendRequest {

    static final String MESSAGE_ID = "iothub-messageid";
    static final String CORRELATION_ID = "iothub-correlationid";
    static final String USER_ID = "iothub-userid";
    static final String ACK = "iothub-ack";
    static final String EXPIRY = "iothub-expiry";
    static final String APP_PROPERTY_PREFIX = "iothub-app-";
    /** IoT Hub's limit for a message id; the other system properties get the same (the store's columns). */
    static final int MAX_PROPERTY_LENGTH = 128;

    private C2dSendRequest() {
    }

    /**
     * @param newMessageId gives the message an id when the request names none, so that its
     *     feedback can be told apart
     * @throws RoostException 400 {@code ArgumentInvalid} naming the bad header
     */
    static C2dMessage parse(RouteRequest request, Supplier<String> newMessageId) {
        String messageId = bounded(request, MESSAGE_ID);
        return new C2dMessage(
                messageId != null ? messageId : newMessageId.get(),
                bounded(request, CORRELATION_ID),
                bounded(request, USER_ID),
                bounded(request, HttpHeaderNames.CONTENT_TYPE.toString()),
                bounded(request, HttpHeaderNames.CONTENT_ENCODING.toString()),
                ack(request),
                expiry(request),
                applicationProperties(request),
                request.body());
    }

    private static String bounded(RouteRequest request, String header) {
        String value = nonEmpty(request, header);
        if (value != null && value.length() > MAX_PROPERTY_LENGTH) {
            throw C2dErrors.argumentInvalid(header + " may have at most " + MAX_PROPERTY_LENGTH + " characters");
        }
        return value;
    }

    private static AckMode ack(RouteRequest request) {
        try {
            return AckMode.parse(nonEmpty(request, ACK));
        } catch (RoostException e) {
            throw C2dErrors.argumentInvalid(e.getMessage());
        }
    }

    /** Epoch ms of {@code iothub-expiry}, or 0 (the queue's default TTL) when absent. */
    private static long expiry(RouteRequest request) {
        String value = nonEmpty(request, EXPIRY);
        if (value == null) {
            return 0;
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw C2dErrors.argumentInvalid(EXPIRY + " must be an ISO-8601 instant such as 2026-05-01T10:00:00Z, not '"
                    + value + "'");
        }
    }

    private static Map<String, String> applicationProperties(RouteRequest request) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey();
            if (name.length() > APP_PROPERTY_PREFIX.length()
                    && name.toLowerCase(Locale.ROOT).startsWith(APP_PROPERTY_PREFIX)) {
                String property = name.substring(APP_PROPERTY_PREFIX.length());
                if (properties.putIfAbsent(property, header.getValue()) != null) {
                    throw C2dErrors.argumentInvalid("application property " + property + " is given twice");
                }
            }
        }
        return properties;
    }

    private static String nonEmpty(RouteRequest request, String header) {
        String value = request.header(header).map(String::trim).orElse(null);
        return value == null || value.isEmpty() ? null : value;
    }
}
