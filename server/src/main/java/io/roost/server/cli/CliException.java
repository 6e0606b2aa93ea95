package io.roost.server.cli;

/**
 * An expected failure of a client command: {@link RoostCli} prints its message as one line,
 * {@code roost: <message>}, and exits 1. {@link #status()} is the HTTP status the server answered,
 * or 0 when the failure happened before or without an answer. Immutable.
 */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    CliException(String message) {
        this(message, 0);
    }

    CliException(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
