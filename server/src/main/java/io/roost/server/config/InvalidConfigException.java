package io.roost.server.config;

/**
 * A configuration value, file or key that stops start-up. The message is one line meant for the
 * operator: it names the key, what is allowed and where the bad value came from.
 */
public class InvalidConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
        super(message);
    }
}
