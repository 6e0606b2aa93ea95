package io.roost.core.throttle;

/**
 * Where every throttle decision that was not "allowed" is counted (the server backs it with
 * {@code roost_throttled_total{protocol,kind}}). Called on event loops for each such decision:
 * implementations are cheap, never block and are thread-safe.
 */
public interface ThrottleCounter {

    /** Counts nothing. */
    ThrottleCounter NONE = (protocol, kind) -> {
    };

    /**
     * @param protocol {@code mqtt}, {@code mqtt-ws}, {@code amqp}, {@code amqp-ws} or {@code http}
     */
    void throttled(String protocol, ThrottleKind kind);
}
