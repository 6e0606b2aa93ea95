package io.roost.core.error;

import java.util.Locale;
import java.util.Objects;

/**
 * The one protocol-neutral failure of the core. It carries an HTTP-like status that each protocol
 * edge maps to its own vocabulary (MQTT CONNACK/disconnect, AMQP error condition, HTTP status),
 * and an error code in IoT Hub's style ({@code DeviceNotFound}, {@code PreconditionFailed}) that
 * HTTP puts in its JSON error body. The message is safe to show to a client; internal causes stay
 * in the cause chain. Immutable.
 */
public class RoostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Status status;
    private final String errorCode;

    public RoostException(Status status, String message) {
        this(status, status.errorCode(), message, null);
    }

    public RoostException(Status status, String message, Throwable cause) {
        this(status, status.errorCode(), message, cause);
    }

    /**
     * @param errorCode a more precise code than the status gives, e.g. {@code DeviceNotFound} for
     *     {@link Status#NOT_FOUND}; IoT Hub's clients show it to users
     */
    public RoostException(Status status, String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.status = Objects.requireNonNull(status, "status");
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    public Status status() {
        return status;
    }

    /** The code given at construction, or the status's own ({@code NotFound}) when none was. */
    public String errorCode() {
        return errorCode;
    }

    /** The statuses the core fails with; codes follow HTTP so every edge can map them. */
    public enum Status {
        BAD_REQUEST(400),
        UNAUTHORIZED(401),
        FORBIDDEN(403),
        NOT_FOUND(404),
        CONFLICT(409),
        PRECONDITION_FAILED(412),
        PAYLOAD_TOO_LARGE(413),
        OUT_OF_RANGE(416),
        TOO_MANY_REQUESTS(429),
        INTERNAL_ERROR(500),
        UNAVAILABLE(503);

        private final int code;
        private final String errorCode;

        Status(int code) {
            this.code = code;
            this.errorCode = camelCase(name());
        }

        public int code() {
            return code;
        }

        /** The generic error code of this status: {@code PRECONDITION_FAILED} is {@code PreconditionFailed}. */
        public String errorCode() {
            return errorCode;
        }

        private static String camelCase(String constant) {
            StringBuilder out = new StringBuilder(constant.length());
            for (String word : constant.split("_")) {
                out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
            }
            return out.toString();
        }
    }
}
