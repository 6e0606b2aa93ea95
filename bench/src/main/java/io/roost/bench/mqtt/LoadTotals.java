package io.roost.bench.mqtt;

/**
 * The sum of every event loop's {@link LoopStats} (or, for the AMQP load, of every device
 * thread's figures), taken at the end of a run. Not thread-safe: {@link #add} runs on each loop in
 * turn, handed off through a future, and the result is then read by the main thread.
 */
public final class LoadTotals {

    long sent;
    long acked;
    long measuredMessages;
    final LatencyHistogram ackLatency = new LatencyHistogram();
    final LatencyHistogram connectLatency = new LatencyHistogram();
    final long[] connectRefused = new long[6];
    long connectFailed;
    long connectTimeouts;
    long disconnects;
    long lostInFlight;
    long ackTimeouts;
    long unexpectedPackets;
    String firstError;

    /**
     * Adds the figures of one sender that is not an MQTT event loop (a device thread of the AMQP
     * load), after that sender ended. {@code refusedOutcomes} are messages the server answered
     * with something other than success; they count as protocol errors.
     */
    public void add(long sentMessages, long ackedMessages, long measured, LatencyHistogram ackLatencies,
            LatencyHistogram connectLatencies, boolean connectFailedHere, boolean disconnected, long refusedOutcomes,
            long lostMessages, String error) {
        sent += sentMessages;
        acked += ackedMessages;
        measuredMessages += measured;
        ackLatency.add(ackLatencies);
        connectLatency.add(connectLatencies);
        connectFailed += connectFailedHere ? 1 : 0;
        disconnects += disconnected ? 1 : 0;
        unexpectedPackets += refusedOutcomes;
        lostInFlight += lostMessages;
        if (firstError == null) {
            firstError = error;
        }
    }

    /** Adds one loop's figures; call on that loop. */
    void add(LoopStats stats) {
        sent += stats.sent.get();
        acked += stats.acked.get();
        measuredMessages += stats.measuredMessages;
        ackLatency.add(stats.ackLatency);
        connectLatency.add(stats.connectLatency);
        for (int i = 0; i < connectRefused.length; i++) {
            connectRefused[i] += stats.connectRefused[i];
        }
        connectFailed += stats.connectFailed;
        connectTimeouts += stats.connectTimeouts;
        disconnects += stats.disconnects;
        lostInFlight += stats.lostInFlight;
        ackTimeouts += stats.ackTimeouts;
        unexpectedPackets += stats.unexpectedPackets;
        if (firstError == null) {
            firstError = stats.firstError;
        }
    }

    long connectRefusedTotal() {
        long total = 0;
        for (long n : connectRefused) {
            total += n;
        }
        return total;
    }

    long errors() {
        return connectRefusedTotal() + connectFailed + connectTimeouts + disconnects + ackTimeouts + unexpectedPackets;
    }
}
