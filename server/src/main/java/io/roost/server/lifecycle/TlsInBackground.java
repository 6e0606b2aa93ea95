package io.roost.server.lifecycle;

import io.netty.handler.ssl.SslContext;
import io.roost.server.config.TlsConfig;
import io.roost.server.tls.HubCertificates;
import io.roost.server.tls.ServerSslContext;
import io.roost.server.tls.TlsMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The TLS material ({@link HubCertificates}) and the listeners' {@link SslContext}, prepared on a
 * thread of their own while the stores and the D2C log open on the starting thread. Both halves
 * are slow for reasons that have nothing to do with each other (certificate parsing, key checks,
 * loading the JDK's TLS classes and trust store on one side; SQLite, log recovery and their
 * classes on the other), so on a machine with two or more cores start-up takes the longer of the
 * two instead of their sum. The work is the same as when done in line: nothing is skipped.
 *
 * <p>Closing waits for the thread to finish, so a start that fails elsewhere never releases the
 * data dir lock while certificates are still being written. Thread-safe.
 */
final class TlsInBackground implements AutoCloseable {

    /** What the TLS listeners need. */
    record PreparedTls(TlsMaterial material, SslContext sslContext) {
    }

    private final CompletableFuture<PreparedTls> prepared = new CompletableFuture<>();
    private final Thread thread;

    private TlsInBackground(TlsConfig config, String hostName, Path dataDir, Clock clock) {
        thread = new Thread(() -> {
            try {
                TlsMaterial material = new HubCertificates(clock).prepare(config, hostName, dataDir);
                prepared.complete(new PreparedTls(material, ServerSslContext.of(material)));
            } catch (Throwable e) {
                prepared.completeExceptionally(e);
            }
        }, "roost-tls-prepare");
        thread.setDaemon(true);
    }

    /** Starts preparing at once; call with the data dir lock held. */
    static TlsInBackground start(TlsConfig config, String hostName, Path dataDir, Clock clock) {
        TlsInBackground tls = new TlsInBackground(config, hostName, dataDir, clock);
        tls.thread.start();
        return tls;
    }

    /**
     * Waits for the material and the context.
     *
     * @throws IOException as {@link HubCertificates#prepare} or {@link ServerSslContext#of} threw it
     */
    PreparedTls await() throws IOException, InterruptedException {
        try {
            return prepared.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new UncheckedIOException(new IOException("cannot prepare TLS: " + cause, cause));
        }
    }

    /**
     * Waits for the preparing thread to end, whatever its outcome; the result stays available.
     * Not interruptible: the lock released after this must not outlive a certificate write.
     */
    @Override
    public void close() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
