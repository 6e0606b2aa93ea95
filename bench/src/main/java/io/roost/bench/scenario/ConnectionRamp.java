package io.roost.bench.scenario;

import io.roost.bench.compare.RunningRoost;
import io.roost.bench.mqtt.DeviceCredentials;
import io.roost.bench.mqtt.ProcessStats;
import io.roost.bench.mqtt.RoostProvisioning;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * S3: many concurrent MQTT connections. Provisions N devices, opens their connections at a target
 * connect rate (plain, or TLS against Roost's ECDSA P-256 certificate) spread over source addresses
 * 127.0.0.1-127.0.0.S, holds them idle with keep-alive PINGREQs for a while, and reports connects/s,
 * connections the server dropped, and the server's RSS before, after the ramp and at the end (and
 * so RSS per connection). Stateless.
 */
final class ConnectionRamp {

    static final Set<String> OPTIONS = Set.of("--connections", "--connect-rate", "--concurrency", "--sources",
            "--keep-alive", "--hold", "--threads", "--warmup-connections");

    /**
     * Connections opened and closed before the measured ramp, so it measures a warm server: on a
     * fresh JVM the first thousand or so connects run interpreted code while the JIT compiles the
     * connect path (the compiler took ~1.5 s of CPU in the first seconds of a TLS ramp).
     */
    static final int DEFAULT_WARMUP_CONNECTIONS = 2000;
    static final Set<String> FLAGS = Set.of("--tls");

    private ConnectionRamp() {
    }

    static Summary run(ScenarioOptions o, PrintStream progress) throws IOException, InterruptedException {
        int connections = o.integer("--connections", 1000, 1, 1_000_000);
        long rate = o.number("--connect-rate", 5000, 0, 1_000_000);
        int concurrency = o.integer("--concurrency", 1000, 1, 100_000);
        int sources = o.integer("--sources", 4, 1, 254);
        int keepAlive = Math.toIntExact(o.duration("--keep-alive", "60s").toSeconds());
        Duration hold = o.duration("--hold", "60s");
        boolean tls = o.flag("--tls");
        int warmup = o.integer("--warmup-connections", Math.min(DEFAULT_WARMUP_CONNECTIONS, connections), 0, 1_000_000);
        OpenFiles.check(Math.max(connections, warmup));
        try (RunningRoost roost = RoostUnderTest.startFresh(o, "s3", tls ? List.of("mqtts") : List.of())) {
            List<String> ids = IntStream.range(0, connections).mapToObj(i -> "ramp-" + i).toList();
            List<DeviceCredentials> credentials = RoostProvisioning.of(roost.connectionString("registryReadWrite"), roost.httpUri())
                    .provision(ids, Instant.now().plus(hold).plus(Duration.ofDays(1)));
            progress.printf(Locale.ROOT, "scenario: S3 provisioned %,d devices%n", connections);
            int port = roost.port(tls ? "mqtts" : "mqtt");
            // The baseline is the idle server, before the warm-up: what the warm-up's connections
            // leave behind (a grown heap, pooled buffers, compiled code) counts against the ramp's.
            long rssBefore = ProcessStats.rssKb(roost.pid());
            String cold = warmUp(o, roost, port, tls, warmup, rate, concurrency, sources, keepAlive, progress);
            long cpuBefore = ProcessStats.cpuNanos(roost.pid());
            DeviceTally tally = new DeviceTally();
            try (DeviceFleet fleet = new DeviceFleet(new InetSocketAddress("127.0.0.1", port), o.integer("--threads", 2, 1, 64),
                    tls ? roost.caFile() : null, "localhost", tally)) {
                long rampNanos = fleet.connectAll(credentials, rate, concurrency, sources, keepAlive, false,
                        () -> progress.printf(Locale.ROOT, "scenario: S3 connecting: %,d connected, %,d failed%n",
                                tally.connected.get(), tally.refused.get() + tally.failed.get()));
                long rampCpu = ProcessStats.cpuNanos(roost.pid()) - cpuBefore;
                long rssAfterRamp = ProcessStats.rssKb(roost.pid());
                long connected = tally.connected.get();
                double connectsPerSecond = connected / (rampNanos / 1e9);
                progress.printf(Locale.ROOT, "scenario: S3 %,d of %,d connected in %.2f s (%,.0f/s); holding %d s%n",
                        connected, connections, rampNanos / 1e9, connectsPerSecond, hold.toSeconds());
                long holdEnd = System.nanoTime() + hold.toNanos();
                while (System.nanoTime() < holdEnd) {
                    TimeUnit.MILLISECONDS.sleep(Math.min(5_000, Math.max(1, (holdEnd - System.nanoTime()) / 1_000_000)));
                    progress.printf(Locale.ROOT, "scenario: S3 holding: %,d open, %,d dropped, %,d PINGRESPs, server RSS %d MB%n",
                            tally.connected.get() - tally.dropped.get(), tally.dropped.get(), tally.pingResponses.get(),
                            ProcessStats.rssKb(roost.pid()) / 1024);
                }
                long rssEnd = ProcessStats.rssKb(roost.pid());
                long cpu = ProcessStats.cpuNanos(roost.pid()) - cpuBefore;
                long peak = ProcessStats.peakRssKb(roost.pid());
                String details = String.format(Locale.ROOT,
                        "%s, %,d of %,d connected in %.2f s = %,.0f connects/s (target %s, %d source addresses,"
                                + " server CPU %.2f s during the ramp, %.2f ms a connection; %s); held %d s with keep-alive %d s: %,d dropped, %,d PINGRESPs;"
                                + " server RSS %d MB before the warm-up, %d MB after the ramp, %d MB at the end: %.1f KB per connection%s",
                        tls ? "TLS (ECDSA P-256)" : "plain", connected, connections, rampNanos / 1e9, connectsPerSecond,
                        rate == 0 ? "none" : String.format(Locale.ROOT, "%,d/s", rate), sources, rampCpu / 1e9,
                        connected == 0 ? 0.0 : rampCpu / 1e6 / connected, cold,
                        hold.toSeconds(), keepAlive, tally.dropped.get(), tally.pingResponses.get(), rssBefore / 1024,
                        rssAfterRamp / 1024, rssEnd / 1024, connected == 0 ? 0.0 : (double) (rssAfterRamp - rssBefore) / connected,
                        tally.firstError.get() == null ? "" : "; first error: " + tally.firstError.get());
                return new Summary(tls ? "S3-TLS" : "S3", -1, -1, "connect", -1, -1, -1, tally.errors(), peak, cpu / 1e9, details);
            }
        }
    }

    /**
     * Opens {@code count} connections of devices of their own the way the ramp will, then closes
     * them and waits for the server to see them go.
     *
     * @return what the cold ramp achieved, for the summary line
     */
    private static String warmUp(ScenarioOptions o, RunningRoost roost, int port, boolean tls, int count, long rate,
            int concurrency, int sources, int keepAlive, PrintStream progress) throws IOException, InterruptedException {
        if (count == 0) {
            return "no warm-up";
        }
        List<String> ids = IntStream.range(0, count).mapToObj(i -> "warmup-" + i).toList();
        List<DeviceCredentials> credentials = RoostProvisioning.of(roost.connectionString("registryReadWrite"), roost.httpUri())
                .provision(ids, Instant.now().plus(Duration.ofDays(1)));
        DeviceTally tally = new DeviceTally();
        long nanos;
        try (DeviceFleet fleet = new DeviceFleet(new InetSocketAddress("127.0.0.1", port), o.integer("--threads", 2, 1, 64),
                tls ? roost.caFile() : null, "localhost", tally)) {
            nanos = fleet.connectAll(credentials, rate, concurrency, sources, keepAlive, false,
                    () -> progress.printf(Locale.ROOT, "scenario: S3 warming up: %,d connected, %,d failed%n",
                            tally.connected.get(), tally.refused.get() + tally.failed.get()));
        }
        // The server ends each session on its DISCONNECT; give it a moment so the ramp starts on a quiet server.
        TimeUnit.SECONDS.sleep(2);
        double perSecond = tally.connected.get() / (nanos / 1e9);
        progress.printf(Locale.ROOT, "scenario: S3 warm-up: %,d of %,d connected in %.2f s (%,.0f/s), closed%n",
                tally.connected.get(), count, nanos / 1e9, perSecond);
        return String.format(Locale.ROOT, "after a warm-up of %,d connections at %,.0f/s on the cold server", count, perSecond);
    }
}
