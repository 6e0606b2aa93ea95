package io.roost.server.operations;

import io.roost.core.operations.OperationEvent;
import io.roost.core.operations.OperationsLine;
import io.roost.core.operations.OperationsLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link OperationsLog} that writes each event as one line on the operations logger
 * ({@value OperationsLine#LOGGER_NAME}), in {@link OperationsLine}'s format plus the status:
 * {@code category=Throttling operation=D2C_THROTTLED protocol=mqtt deviceId=dev1 auth=sas remote=127.0.0.x status=429 reason="..."}.
 * It stands in until the durable operations log takes the events. Stateless; thread-safe; never
 * blocks beyond the logger's appender.
 */
public final class LoggedOperationsLog implements OperationsLog {

    private static final Logger LOG = LoggerFactory.getLogger(OperationsLine.LOGGER_NAME);

    @Override
    public void record(OperationEvent event) {
        if (LOG.isInfoEnabled()) {
            LOG.info(line(event));
        }
    }

    static String line(OperationEvent event) {
        return "category=" + event.category()
                + " operation=" + event.operation()
                + " protocol=" + orDash(event.protocol())
                + " deviceId=" + (event.deviceId() == null ? "-" : quoted(event.deviceId()))
                + " auth=" + orDash(event.authType())
                + " remote=" + orDash(event.maskedAddress())
                + " status=" + event.statusCode()
                + " reason=" + (event.reason() == null ? "-" : quoted(event.reason()));
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    private static String quoted(String text) {
        if (text.matches("[A-Za-z0-9._:@$!()*+,;=%#?'-]+")) {
            return text;
        }
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ").replace("\r", " ") + '"';
    }
}
