package io.roost.server.operations;

import io.roost.registry.events.RegistryEvent;
import io.roost.registry.events.RegistryEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each registry operation as one structured line to the logger {@value #LOGGER_NAME}:
 * {@code category=DeviceIdentityOperations operation=CREATE deviceId=dev1 status=200 reason=-}.
 * Successes log at INFO, refusals (4xx) at INFO too (they are the audit trail), server faults at
 * WARN. The durable, queryable operations log replaces this later; the line format is meant to
 * stay close to its JSON fields. Stateless; thread-safe; never blocks beyond the logger's appender.
 */
public final class LoggedRegistryEvents implements RegistryEvents {

    public static final String LOGGER_NAME = "roost.operations";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    @Override
    public void onOperation(RegistryEvent event) {
        if (event.statusCode() >= 500) {
            LOG.warn(line(event));
        } else if (LOG.isInfoEnabled()) {
            LOG.info(line(event));
        }
    }

    static String line(RegistryEvent event) {
        return "category=" + event.category()
                + " operation=" + event.operation()
                + " deviceId=" + (event.deviceId() == null ? "-" : event.deviceId())
                + " status=" + event.statusCode()
                + " reason=" + (event.reason() == null ? "-" : quoted(event.reason()));
    }

    /** Reasons are free text: quote them so a reader (or a parser) sees where the line's fields end. */
    private static String quoted(String reason) {
        return '"' + reason.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ").replace("\r", " ") + '"';
    }
}
