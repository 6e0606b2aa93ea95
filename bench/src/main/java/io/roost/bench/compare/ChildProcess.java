package io.roost.bench.compare;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A broker started as a child process, its stdout and stderr in one log file. {@link #close()}
 * stops it with SIGTERM and, if it has not exited after {@link #STOP_TIMEOUT}, SIGKILL, so no run
 * leaves a broker behind. Thread-safe (the process handle is).
 */
public final class ChildProcess implements AutoCloseable {

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path logFile;

    private ChildProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command} in {@code workDir}; every inherited {@code ROOST_*} variable is removed
     * first, then {@code environment} is added.
     */
    public static ChildProcess start(List<String> command, Path workDir, Path logFile, Map<String, String> environment)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("ROOST_"));
        builder.environment().putAll(environment);
        return new ChildProcess(builder.start(), logFile);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last {@code lines} lines of the log, for a failure message. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Waits until {@code 127.0.0.1:port} accepts a TCP connection.
     *
     * @throws IOException when the process exits or the port stays closed for {@code timeout}
     */
    public void awaitPort(int port, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("exited with status " + process.exitValue() + ": " + logTail(5));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        throw new IOException("port " + port + " not open after " + timeout.toSeconds() + " s: " + logTail(5));
    }

    /** SIGKILL, then waits for the exit: a crash, for recovery tests. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
