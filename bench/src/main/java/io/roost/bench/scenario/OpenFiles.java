package io.roost.bench.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's open-files limit ({@code ulimit -n}), read from {@code /proc/self/limits}. A
 * broker started from here inherits it, and every connection takes one descriptor on each side.
 * Stateless.
 */
final class OpenFiles {

    /** Descriptors a JVM needs besides its sockets: jars, log files, epoll, pipes. */
    static final int HEADROOM = 512;

    private OpenFiles() {
    }

    /** The soft limit, or -1 when unknown or unlimited. */
    static long softLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * @throws IllegalArgumentException when {@code connections} do not fit under the limit, saying how to raise it
     */
    static void check(long connections) {
        long limit = softLimit();
        if (limit > 0 && connections + HEADROOM > limit) {
            throw new IllegalArgumentException(connections + " connections need at least " + (connections + HEADROOM)
                    + " open files in the generator and in the server, but ulimit -n is " + limit
                    + "; raise it (ulimit -n N, up to the hard limit ulimit -Hn; above that as root, or LimitNOFILE/limits.conf)");
        }
    }
}
