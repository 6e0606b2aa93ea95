package io.roost.amqp;

import io.roost.core.error.RoostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.LinkError;

/**
 * The AMQP error condition a refused C2D send is rejected with, from the core's or registry's
 * failure; the Azure IoT service SDK turns these conditions into its exceptions (not-found into
 * IotHubNotFoundException, resource-limit-exceeded into
 * IotHubDeviceMaximumQueueDepthExceededException, ...). Server faults reach the service as
 * "internal error", never with their detail. Stateless.
 */
final class C2dSendErrors {

    private C2dSendErrors() {
    }

    static ErrorCondition of(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (!(cause instanceof RoostException roost)) {
            return new ErrorCondition(AmqpError.INTERNAL_ERROR, "internal error");
        }
        return switch (roost.status()) {
            case NOT_FOUND -> new ErrorCondition(AmqpError.NOT_FOUND, roost.getMessage());
            // 403 from the queues is DeviceMaximumQueueDepthExceeded; 429 a throttle.
            case FORBIDDEN, TOO_MANY_REQUESTS, UNAVAILABLE ->
                    new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED, roost.getMessage());
            case PAYLOAD_TOO_LARGE -> new ErrorCondition(LinkError.MESSAGE_SIZE_EXCEEDED, roost.getMessage());
            case BAD_REQUEST -> new ErrorCondition(AmqpError.INVALID_FIELD, roost.getMessage());
            case UNAUTHORIZED -> new ErrorCondition(AmqpError.UNAUTHORIZED_ACCESS, roost.getMessage());
            default -> new ErrorCondition(AmqpError.INTERNAL_ERROR, "internal error");
        };
    }

    /** The HTTP-like status the operations log gives a send refused with {@code condition}. */
    static int statusOf(ErrorCondition condition) {
        Symbol name = condition.getCondition();
        if (AmqpError.NOT_FOUND.equals(name)) {
            return 404;
        }
        if (AmqpError.RESOURCE_LIMIT_EXCEEDED.equals(name)) {
            return 403;
        }
        if (LinkError.MESSAGE_SIZE_EXCEEDED.equals(name)) {
            return 413;
        }
        if (AmqpError.UNAUTHORIZED_ACCESS.equals(name)) {
            return 401;
        }
        return AmqpError.INTERNAL_ERROR.equals(name) ? 500 : 400;
    }
}
