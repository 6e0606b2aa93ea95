package io.roost.bench.mqtt;

/**
 * What the connections of one event loop counted. The {@link Counter}s are read by the progress
 * line on another thread; everything else is read only through {@link LoadTotals#add}, run on
 * the loop. Messages count when their PUBACK (QoS 1) or their write (QoS 0) falls in the measured
 * window {@code [measureStartNanos, measureEndNanos)}; latencies are recorded for the same
 * messages. Not thread-safe: confined to its event loop, apart from the counters' reads.
 */
final class LoopStats {

    final Counter sent = new Counter();
    final Counter acked = new Counter();
    final Counter inFlight = new Counter();
    final Counter connected = new Counter();
    final Counter errors = new Counter();

    long measureStartNanos = Long.MAX_VALUE;
    long measureEndNanos = Long.MAX_VALUE;
    long measuredMessages;
    final LatencyHistogram ackLatency = new LatencyHistogram();
    final LatencyHistogram connectLatency = new LatencyHistogram();

    /** CONNACK refusals by return code 1 to 5 (index 0 counts codes outside 1-5). */
    final long[] connectRefused = new long[6];
    long connectFailed;
    long connectTimeouts;
    long disconnects;
    /** Messages without PUBACK on a connection that closed. */
    long lostInFlight;
    long ackTimeouts;
    long unexpectedPackets;
    String firstError;

    void sent(long nowNanos, boolean countsWhenSent) {
        sent.increment();
        if (countsWhenSent && inWindow(nowNanos)) {
            measuredMessages++;
        }
    }

    void acked(long nowNanos, long latencyNanos) {
        acked.increment();
        inFlight.add(-1);
        if (inWindow(nowNanos)) {
            measuredMessages++;
            ackLatency.record(latencyNanos);
        }
    }

    void connected(long connectNanos) {
        connected.increment();
        connectLatency.record(connectNanos);
    }

    void refused(int returnCode, String reason) {
        connectRefused[returnCode >= 1 && returnCode <= 5 ? returnCode : 0]++;
        error(reason);
    }

    void connectFailed(String reason) {
        connectFailed++;
        error(reason);
    }

    void connectTimedOut(String reason) {
        connectTimeouts++;
        error(reason);
    }

    void disconnected(int unacked, String reason) {
        connected.add(-1);
        disconnects++;
        lostInFlight += unacked;
        inFlight.add(-unacked);
        error(reason);
    }

    void ackTimedOut(String reason) {
        ackTimeouts++;
        inFlight.add(-1);
        error(reason);
    }

    void unexpected(String reason) {
        unexpectedPackets++;
        error(reason);
    }

    private void error(String reason) {
        errors.increment();
        if (firstError == null) {
            firstError = reason;
        }
    }

    private boolean inWindow(long nowNanos) {
        return nowNanos >= measureStartNanos && nowNanos < measureEndNanos;
    }
}
