package io.roost.server.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Components in the order they were started, closed in reverse: what started last depends on what
 * started first, so it must stop first. A component that fails to close is logged and the rest
 * still close. Thread-safe.
 */
final class ClosingStack {

    private static final Logger LOG = LoggerFactory.getLogger(ClosingStack.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    synchronized <T extends AutoCloseable> T push(T component) {
        started.push(component);
        return component;
    }

    synchronized void closeAll() {
        while (!started.isEmpty()) {
            AutoCloseable component = started.pop();
            try {
                component.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("interrupted while closing {}", component.getClass().getSimpleName());
            } catch (Exception e) {
                LOG.error("failed to close {}", component.getClass().getSimpleName(), e);
            }
        }
    }
}
