package io.roost.core.metrics;

/**
 * The device traffic meters of one protocol. Every method is cheap and never blocks, so it may be
 * called on an event loop for every message. Thread-safe.
 */
public interface ProtocolMetrics {

    /** Counts nothing. */
    ProtocolMetrics NONE = new ProtocolMetrics() {
        @Override
        public void deviceConnected() {
        }

        @Override
        public void deviceDisconnected() {
        }

        @Override
        public void authenticationFailed() {
        }

        @Override
        public void telemetryAppended(int bodyBytes) {
        }

        @Override
        public void telemetryAcknowledged(long latencyNanos) {
        }
    };

    /** A device session began: counts a connect and one more connected device. */
    void deviceConnected();

    /** A session counted by {@link #deviceConnected()} ended: one connected device fewer. */
    void deviceDisconnected();

    /** A connection was refused before it became a session (credentials, malformed or no CONNECT). */
    void authenticationFailed();

    /** A D2C message is durable in the log. */
    void telemetryAppended(int bodyBytes);

    /**
     * A D2C message was acknowledged to its device (MQTT PUBACK, AMQP accepted, HTTP 204).
     *
     * @param latencyNanos from receiving the message to writing the acknowledgement
     */
    void telemetryAcknowledged(long latencyNanos);
}
