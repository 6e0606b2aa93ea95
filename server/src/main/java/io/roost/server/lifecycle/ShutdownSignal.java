package io.roost.server.lifecycle;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a request the main thread waits for. Java's default handling of
 * these signals runs the shutdown hooks and then exits with 128 + signal (143 for SIGTERM), which
 * supervisors read as a crash; by taking the signals over, the main thread stops the server itself
 * and exits 0 after a clean stop. {@code sun.misc.Signal} lives in the exported
 * {@code jdk.unsupported} module for exactly this use.
 *
 * <p>Thread-safe.
 */
public final class ShutdownSignal {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignal.class);
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final CountDownLatch requested = new CountDownLatch(1);

    private ShutdownSignal() {
    }

    /**
     * Installs the handlers. Where the JVM refuses one (e.g. run with {@code -Xrs}), that signal
     * keeps Java's default behaviour: the shutdown hooks still stop the server, only the exit
     * status is then 128 + signal.
     */
    public static ShutdownSignal install() {
        ShutdownSignal signal = new ShutdownSignal();
        for (String name : SIGNALS) {
            try {
                Signal.handle(new Signal(name), received -> {
                    LOG.info("received SIG{}, stopping", received.getName());
                    signal.requested.countDown();
                });
            } catch (IllegalArgumentException e) {
                LOG.warn("cannot handle SIG{} ({}); it will stop the server through the shutdown hook", name, e.getMessage());
            }
        }
        return signal;
    }

    public void await() throws InterruptedException {
        requested.await();
    }
}
