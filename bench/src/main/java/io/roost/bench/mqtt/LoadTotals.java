package io.roost.bench.mqtt;

/**
 * The sum of every event loop's {@link LoopStats}, taken at the end of a run. Not thread-safe:
 * {@link #add} runs on each loop in turn, handed off through a future, and the result is then
 * read by the main thread.
 */
final class LoadTotals {

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
