package io.roost.server.operations;

import io.roost.core.operations.OperationEvent;
import io.roost.core.operations.OperationsLog;
import java.util.LinkedHashMap;
import java.util.Map;
import net.logstash.logback.marker.Markers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each event to the SLF4J logger {@value #LOGGER_NAME} twice over in one call: a readable
 * key=value line for the console
 * ({@code category=Connections operation=AUTH_FAILED result=Failure status=401 protocol=mqtt deviceId=dev1 auth=sas remote=127.0.0.x reason="..."}),
 * and the event's fields as a Logstash marker, which the JSON appender
 * ({@link JsonOperationsAppender}) writes as top-level JSON fields and plain appenders ignore.
 * Events of level Error log at WARN, the rest at INFO: refusals are the audit trail, not faults.
 *
 * <p>Stateless; thread-safe. It runs on the caller's thread (event loops too): the console
 * appender is what the server already logs with everywhere, and the JSON file appender writes to
 * a buffered stream.
 */
public final class OperationsLines implements OperationsLog {

    public static final String LOGGER_NAME = "roost.operations";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    @Override
    public void record(OperationEvent event) {
        boolean error = OperationEvent.ERROR.equals(event.level());
        if (error ? !LOG.isWarnEnabled() : !LOG.isInfoEnabled()) {
            return;
        }
        if (error) {
            LOG.warn(Markers.appendEntries(fields(event)), line(event));
        } else {
            LOG.info(Markers.appendEntries(fields(event)), line(event));
        }
    }

    /** The JSON fields, named as the REST API names them; {@code level} is {@code operationLevel} so it does not clash with the log level. */
    static Map<String, Object> fields(OperationEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("time", event.time().toString());
        fields.put("category", event.category().name());
        fields.put("operation", event.operation());
        fields.put("operationLevel", event.level());
        fields.put("result", event.result());
        fields.put("statusCode", event.statusCode());
        putIfPresent(fields, "reason", event.reason());
        putIfPresent(fields, "deviceId", event.deviceId());
        putIfPresent(fields, "protocol", event.protocol());
        putIfPresent(fields, "authType", event.authType());
        putIfPresent(fields, "maskedAddress", event.maskedAddress());
        if (event.durationMillis() >= 0) {
            fields.put("durationMillis", event.durationMillis());
        }
        return fields;
    }

    public static String line(OperationEvent event) {
        return "category=" + event.category()
                + " operation=" + event.operation()
                + " result=" + event.result()
                + " status=" + event.statusCode()
                + " protocol=" + orDash(event.protocol())
                + " deviceId=" + (event.deviceId() == null ? "-" : quotedIfNeeded(event.deviceId()))
                + " auth=" + orDash(event.authType())
                + " remote=" + orDash(event.maskedAddress())
                + (event.durationMillis() >= 0 ? " durationMs=" + event.durationMillis() : "")
                + " reason=" + (event.reason() == null ? "-" : quoted(event.reason()));
    }

    private static void putIfPresent(Map<String, Object> fields, String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }

    /** Ids are the device's text: quoted when they hold anything that could end a field. */
    private static String quotedIfNeeded(String value) {
        return value.matches("[A-Za-z0-9._:@$!()*+,;=%#?'-]+") ? value : quoted(value);
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ").replace("\r", " ") + '"';
    }
}
