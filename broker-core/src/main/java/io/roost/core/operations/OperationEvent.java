package io.roost.core.operations;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of the operations log: who did what, through which protocol, and how it ended. The
 * same fields go to the durable log, the REST API, the JSON log appender and the metrics, so an
 * operator finds one event under the same names everywhere. Immutable.
 *
 * @param time when it happened
 * @param category the IoT Hub-style category
 * @param operation what happened, upper snake case: {@code DEVICE_CONNECT}, {@code AUTH_FAILED},
 *     {@code THROTTLED}, {@code REJECT}
 * @param level {@code Information}, {@code Warning} or {@code Error}, as IoT Hub's logs say it
 * @param result {@code Success} or {@code Failure}
 * @param statusCode an HTTP-like status (200, 401, 403, 413, 429...)
 * @param reason free text for a person, or {@code null}
 * @param deviceId the device concerned, or {@code null}
 * @param protocol {@code mqtt}, {@code mqtt-ws}, {@code amqp}, {@code amqp-ws}, {@code http}, or
 *     {@code null} for events that came through no device protocol
 * @param authType {@code sas}, or {@code null} when no credential was involved
 * @param maskedAddress the remote address with its last part hidden ({@link OperationsLine#masked}),
 *     or {@code null}
 * @param durationMillis how long the operation took, or {@code -1} when it has no duration
 */
public record OperationEvent(Instant time, OperationCategory category, String operation, String level,
        String result, int statusCode, String reason, String deviceId, String protocol, String authType,
        String maskedAddress, long durationMillis) {

    public static final String INFORMATION = "Information";
    public static final String WARNING = "Warning";
    public static final String ERROR = "Error";
    public static final String SUCCESS = "Success";
    public static final String FAILURE = "Failure";

    public OperationEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(result, "result");
    }

    /** A successful, informational event with no duration. */
    public static OperationEvent success(Instant time, OperationCategory category, String operation, String deviceId,
            String protocol, String maskedAddress) {
        return new OperationEvent(time, category, operation, INFORMATION, SUCCESS, 200, null, deviceId, protocol,
                deviceId == null ? null : "sas", maskedAddress, -1);
    }

    /** A refused or failed operation, logged as a warning with its status and reason. */
    public static OperationEvent failure(Instant time, OperationCategory category, String operation, int statusCode,
            String reason, String deviceId, String protocol, String maskedAddress) {
        return new OperationEvent(time, category, operation, WARNING, FAILURE, statusCode, reason, deviceId, protocol,
                deviceId == null ? null : "sas", maskedAddress, -1);
    }
}
