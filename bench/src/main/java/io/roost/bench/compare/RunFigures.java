package io.roost.bench.compare;

import io.roost.bench.mqtt.LoadReport;

/**
 * The figures of one load run against one peer that the comparison table summarises. Immutable.
 *
 * @param pubackP50Ms -1 for QoS 0
 * @param msgsPerServerCpuSecond measured messages per second of the broker's CPU time (utime + stime from /proc)
 * @param serverPeakRssKb the broker's VmHWM at the end of the run (over its life so far: it is fresh each round)
 */
public record RunFigures(long messages, double msgsPerSec, double mbPerSec, double pubackP50Ms, double pubackP99Ms,
        double pubackP999Ms, double serverCpuSeconds, double msgsPerServerCpuSecond, long serverPeakRssKb, long errors) {

    public static RunFigures of(LoadReport report) {
        boolean qos1 = report.options().qos() == 1;
        return new RunFigures(report.measuredMessages(), report.messagesPerSecond(), report.megabytesPerSecond(),
                qos1 ? report.ackLatencyMillis(0.5) : -1, qos1 ? report.ackLatencyMillis(0.99) : -1,
                qos1 ? report.ackLatencyMillis(0.999) : -1,
                report.serverCpuNanos() < 0 ? -1 : report.serverCpuNanos() / 1e9,
                report.messagesPerServerCpuSecond(), report.serverPeakRssKb(), report.errors() + report.unackedAtEnd());
    }
}
