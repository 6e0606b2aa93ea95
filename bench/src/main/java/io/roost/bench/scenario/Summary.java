package io.roost.bench.scenario;

import io.roost.bench.mqtt.LoadReport;
import java.util.Locale;

/**
 * The one summary line each scenario prints, with the same fields for every scenario (issue 8:
 * msgs/s, MB/s, latency p50/p99/p99.9, errors, the server's peak RSS and CPU seconds) followed by
 * what is particular to the scenario. A field a scenario does not measure prints as {@code -}.
 * Immutable.
 *
 * @param latencyName what the latency is ("PUBACK", "connect", "C2D send-to-PUBACK")
 * @param serverCpuSeconds -1 when not measured
 * @param serverPeakRssKb -1 when not measured
 */
public record Summary(String scenario, double msgsPerSec, double mbPerSec, String latencyName, double p50Ms, double p99Ms,
        double p999Ms, long errors, long serverPeakRssKb, double serverCpuSeconds, String details) {

    /** The common fields from one load generator report. */
    public static Summary of(String scenario, LoadReport report, String details) {
        boolean qos1 = report.options().qos() == 1;
        return new Summary(scenario, report.messagesPerSecond(), report.megabytesPerSecond(), "PUBACK",
                qos1 ? report.ackLatencyMillis(0.5) : -1, qos1 ? report.ackLatencyMillis(0.99) : -1,
                qos1 ? report.ackLatencyMillis(0.999) : -1, report.errors() + report.unackedAtEnd(),
                report.serverPeakRssKb(), report.serverCpuNanos() < 0 ? -1 : report.serverCpuNanos() / 1e9, details);
    }

    public String line() {
        return String.format(Locale.ROOT, "%s: %s msgs/s, %s MB/s, %s latency p50 %s / p99 %s / p99.9 %s ms, errors %d,"
                        + " server peak RSS %s MB, server CPU %s s; %s",
                scenario, figure(msgsPerSec, "%,.0f"), figure(mbPerSec, "%.2f"), latencyName, figure(p50Ms, "%.2f"),
                figure(p99Ms, "%.2f"), figure(p999Ms, "%.2f"), errors,
                serverPeakRssKb < 0 ? "-" : Long.toString(serverPeakRssKb / 1024), figure(serverCpuSeconds, "%.2f"), details);
    }

    private static String figure(double value, String format) {
        return value < 0 ? "-" : String.format(Locale.ROOT, format, value);
    }
}
