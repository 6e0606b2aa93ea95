package io.roost.core.error;

/**
 * The one protocol-neutral failure of the core. It carries an HTTP-like status that each protocol
 * edge maps to its own vocabulary (MQTT CONNACK/disconnect, AMQP error condition, HTTP status).
 * The message is safe to show to a client; internal causes stay in the cause chain.
 */
public class RoostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Status status;

    public RoostException(Status status, String message) {
        super(message);
        this.status = status;
    }

    public RoostException(Status status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public Status status() {
        return status;
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

        Status(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }
}
