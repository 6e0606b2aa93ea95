package io.roost.bench.mqtt;

/**
 * What every connection of a run shares: QoS, window, payload and timeouts. Immutable.
 *
 * @param keepAliveSeconds the CONNECT keep-alive; 0 turns it off
 */
record LoadPlan(int qos, int window, byte[] payload, long ackTimeoutNanos, int keepAliveSeconds,
        long connectTimeoutNanos) {

    static LoadPlan of(LoadOptions options) {
        return new LoadPlan(options.qos(), options.window(), PublishEncoder.payload(options.payloadBytes()),
                options.ackTimeout().toNanos(), (int) options.keepAlive().toSeconds(),
                options.connectTimeout().toNanos());
    }
}
