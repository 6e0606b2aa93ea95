package io.roost.server.operations;

import io.roost.core.operations.OperationEvent;
import io.roost.core.operations.OperationsLine;
import io.roost.core.operations.OperationsLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link OperationsLog} that writes each event as one line on the operations logger
 * ({@value OperationsLine#LOGGER_NAME}) and keeps nothing: what the server uses until the
 * durable operations log is wired in. The logger's appender never blocks on the disk for long,
 * so this may run on event loops. Stateless; thread-safe.
 */
public final class LoggedOperations implements OperationsLog {

    private static final Logger LOG = LoggerFactory.getLogger(OperationsLine.LOGGER_NAME);

    @Override
    public void record(OperationEvent event) {
        if (LOG.isInfoEnabled()) {
            LOG.info("category={} operation={} protocol={} deviceId={} remote={} status={} reason={}", event.category(),
                    event.operation(), dash(event.protocol()), dash(event.deviceId()), dash(event.maskedAddress()),
                    event.statusCode(), event.reason() == null ? "-" : '"' + event.reason().replace("\"", "'") + '"');
        }
    }

    private static String dash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
