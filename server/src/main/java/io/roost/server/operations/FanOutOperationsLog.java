package io.roost.server.operations;

import io.roost.core.operations.OperationEvent;
import io.roost.core.operations.OperationsLog;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each event to several targets in order: the durable log, the log lines (console and JSON)
 * and the metrics. A target that throws, which none should, is logged and the others still get the
 * event: a protocol handler must never fail for the operations log. Each target must not block, so
 * neither does this. Immutable; thread-safe.
 */
public final class FanOutOperationsLog implements OperationsLog {

    private static final Logger LOG = LoggerFactory.getLogger(FanOutOperationsLog.class);

    private final List<OperationsLog> targets;

    public FanOutOperationsLog(List<OperationsLog> targets) {
        this.targets = List.copyOf(targets);
    }

    @Override
    public void record(OperationEvent event) {
        for (OperationsLog target : targets) {
            try {
                target.record(event);
            } catch (RuntimeException e) {
                LOG.error("operations log target {} failed on {}", target.getClass().getSimpleName(), event.operation(), e);
            }
        }
    }
}
