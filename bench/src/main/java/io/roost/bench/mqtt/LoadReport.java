package io.roost.bench.mqtt;

import java.util.Locale;

/**
 * The figures of one run and their two forms: lines for people and one JSON object for scripts.
 * Immutable once built (the totals are not changed after the run).
 *
 * @param connectNanos from the first TCP connect to the last CONNACK (or failure)
 * @param measuredNanos the length of the measured window
 * @param clientCpuNanos this process's CPU time during the measured window, -1 if unknown
 * @param serverCpuNanos the server's CPU time during the measured window, -1 without --server-pid
 * @param serverPeakRssKb the server's VmHWM at the end, -1 without --server-pid
 * @param unackedAtEnd QoS 1 messages still without PUBACK when the generator gave up waiting
 */
public record LoadReport(LoadOptions options, int connectedDevices, long connectNanos, LoadTotals totals,
        long measuredNanos, long clientCpuNanos, long clientPeakRssKb, long serverCpuNanos, long serverPeakRssKb,
        long unackedAtEnd, Wire wire) {

    /** The protocol a run spoke, and what its report calls the connect answer and the acknowledgement. */
    public enum Wire {
        MQTT("mqtt-load", "CONNACK", "PUBACK"),
        /** AMQP 1.0 D2C ({@code io.roost.bench.amqp.AmqpLoad}): the link's credit, then Accepted dispositions. */
        AMQP("amqp-load", "attach", "Accepted");

        final String tool;
        final String connectAnswer;
        final String ack;

        Wire(String tool, String connectAnswer, String ack) {
            this.tool = tool;
            this.connectAnswer = connectAnswer;
            this.ack = ack;
        }
    }

    /** An MQTT run's report. */
    public LoadReport(LoadOptions options, int connectedDevices, long connectNanos, LoadTotals totals,
            long measuredNanos, long clientCpuNanos, long clientPeakRssKb, long serverCpuNanos, long serverPeakRssKb,
            long unackedAtEnd) {
        this(options, connectedDevices, connectNanos, totals, measuredNanos, clientCpuNanos, clientPeakRssKb,
                serverCpuNanos, serverPeakRssKb, unackedAtEnd, Wire.MQTT);
    }

    /** Messages completed in the measured window: PUBACKed (QoS 1) or written (QoS 0). */
    public long measuredMessages() {
        return totals.measuredMessages;
    }

    /** Every PUBLISH written, warm-up and all. */
    public long sentMessages() {
        return totals.sent;
    }

    /** Every PUBACK received, warm-up and the wait at the end included. */
    public long acknowledgedMessages() {
        return totals.acked;
    }

    public double messagesPerSecond() {
        return totals.measuredMessages / (measuredNanos / 1e9);
    }

    /** Payload megabytes (10^6 bytes) per second. */
    public double megabytesPerSecond() {
        return messagesPerSecond() * options.payloadBytes() / 1e6;
    }

    /** PUBACK latency at {@code quantile} in milliseconds (0 for QoS 0). */
    public double ackLatencyMillis(double quantile) {
        return totals.ackLatency.valueAt(quantile) / 1e6;
    }

    public double ackLatencyMaxMillis() {
        return totals.ackLatency.maxNanos() / 1e6;
    }

    /** Errors of every kind: refused, failed or timed-out connects, disconnects, PUBACK timeouts, protocol errors. */
    public long errors() {
        return totals.errors();
    }

    /** Messages per second of server CPU time, or -1 without --server-pid. */
    public double messagesPerServerCpuSecond() {
        return serverCpuNanos <= 0 ? -1 : totals.measuredMessages / (serverCpuNanos / 1e9);
    }

    /** The report for people, several lines, each ending in a newline. */
    public String text() {
        LoadOptions o = options;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s: %s:%d%s, %d devices, QoS %d, %d B payload, window %d, rate %s,"
                        + " %.1f s measured after %d s warm-up%n", wire.tool, o.host(), o.port(), o.tls() ? " (TLS)" : "", o.devices(), o.qos(),
                o.payloadBytes(), o.window(), o.rate() == 0 ? "flat out" : o.rate() + " msgs/s", measuredNanos / 1e9,
                o.warmup().toSeconds()));
        s.append(String.format(Locale.ROOT, "connect:    %d of %d connected in %.2f s (concurrency %d); %s after"
                        + " p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", connectedDevices, o.devices(), connectNanos / 1e9,
                o.connectConcurrency(), wire.connectAnswer, totals.connectLatency.valueAt(0.5) / 1e6, totals.connectLatency.valueAt(0.99) / 1e6,
                totals.connectLatency.maxNanos() / 1e6));
        s.append(String.format(Locale.ROOT, "throughput: %,.0f msgs/s, %.2f MB/s of payload (%,d messages %s)%n",
                messagesPerSecond(), megabytesPerSecond(), totals.measuredMessages, o.qos() == 1 ? "acknowledged" : "written"));
        if (o.qos() == 1) {
            s.append(String.format(Locale.ROOT, "%s latency (from the %s): p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms,"
                            + " max %.3f ms (%,d samples)%n", wire.ack, o.rate() == 0 ? "send" : "scheduled send time",
                    ackLatencyMillis(0.5), ackLatencyMillis(0.99), ackLatencyMillis(0.999), ackLatencyMaxMillis(),
                    totals.ackLatency.count()));
        }
        s.append(String.format(Locale.ROOT, "errors:     %d (connect refused %d, connect failed %d, connect timeouts %d,"
                        + " disconnects %d, %s timeouts %d, protocol %d, lost in flight %d, unacked at end %d)%n",
                errors(), totals.connectRefusedTotal(), totals.connectFailed, totals.connectTimeouts, totals.disconnects,
                wire.ack, totals.ackTimeouts, totals.unexpectedPackets, totals.lostInFlight, unackedAtEnd));
        if (totals.firstError != null) {
            s.append("first error: ").append(totals.firstError).append('\n');
        }
        s.append(String.format(Locale.ROOT, "generator:  CPU %.2f s in the measured window (%.0f%% of one core), peak RSS %d MB%n",
                clientCpuNanos / 1e9, 100.0 * clientCpuNanos / measuredNanos, clientPeakRssKb / 1024));
        if (o.serverPid() > 0) {
            s.append(String.format(Locale.ROOT, "server:     pid %d, CPU %.2f s in the measured window (%.0f%% of one core),"
                            + " %,.0f msgs per server CPU-second, peak RSS %d MB%n", o.serverPid(), serverCpuNanos / 1e9,
                    100.0 * serverCpuNanos / measuredNanos, messagesPerServerCpuSecond(), serverPeakRssKb / 1024));
        }
        return s.toString();
    }

    /**
     * The same figures as one JSON object on one line; latencies in ms, -1 where not measured. The
     * {@code puback*} fields hold the {@link Wire#ack} latency of either protocol; {@code wire} says which.
     */
    public String json() {
        LoadOptions o = options;
        return String.format(Locale.ROOT, "{\"wire\":\"%s\",\"host\":\"%s\",\"port\":%d,\"tls\":%b,\"devices\":%d,\"connected\":%d,\"qos\":%d,"
                        + "\"payloadBytes\":%d,\"window\":%d,\"targetRate\":%d,\"warmupSeconds\":%.3f,\"measuredSeconds\":%.3f,"
                        + "\"connectSeconds\":%.3f,\"connectP50Ms\":%.3f,\"connectP99Ms\":%.3f,\"connectMaxMs\":%.3f,"
                        + "\"messages\":%d,\"msgsPerSec\":%.1f,\"mbPerSec\":%.3f,"
                        + "\"pubackP50Ms\":%.3f,\"pubackP99Ms\":%.3f,\"pubackP999Ms\":%.3f,\"pubackMaxMs\":%.3f,"
                        + "\"errors\":%d,\"connectRefused\":%d,\"connectFailed\":%d,\"connectTimeouts\":%d,\"disconnects\":%d,"
                        + "\"pubackTimeouts\":%d,\"protocolErrors\":%d,\"lostInFlight\":%d,\"unackedAtEnd\":%d,"
                        + "\"clientCpuSeconds\":%.3f,\"clientPeakRssKb\":%d,\"serverPid\":%d,\"serverCpuSeconds\":%.3f,"
                        + "\"msgsPerServerCpuSecond\":%.1f,\"serverPeakRssKb\":%d}",
                wire.name().toLowerCase(Locale.ROOT), o.host(), o.port(), o.tls(), o.devices(), connectedDevices, o.qos(), o.payloadBytes(), o.window(), o.rate(),
                o.warmup().toMillis() / 1e3, measuredNanos / 1e9, connectNanos / 1e9,
                totals.connectLatency.valueAt(0.5) / 1e6, totals.connectLatency.valueAt(0.99) / 1e6,
                totals.connectLatency.maxNanos() / 1e6, totals.measuredMessages, messagesPerSecond(), megabytesPerSecond(),
                o.qos() == 1 ? ackLatencyMillis(0.5) : -1, o.qos() == 1 ? ackLatencyMillis(0.99) : -1,
                o.qos() == 1 ? ackLatencyMillis(0.999) : -1, o.qos() == 1 ? ackLatencyMaxMillis() : -1,
                errors(), totals.connectRefusedTotal(), totals.connectFailed, totals.connectTimeouts, totals.disconnects,
                totals.ackTimeouts, totals.unexpectedPackets, totals.lostInFlight, unackedAtEnd,
                clientCpuNanos / 1e9, clientPeakRssKb, o.serverPid(), serverCpuNanos < 0 ? -1 : serverCpuNanos / 1e9,
                messagesPerServerCpuSecond(), serverPeakRssKb);
    }
}
