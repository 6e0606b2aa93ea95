package io.roost.bench.scenario;

import io.roost.bench.compare.RunningRoost;
import io.roost.bench.mqtt.DeviceCredentials;
import io.roost.bench.mqtt.ProcessStats;
import io.roost.bench.mqtt.RoostProvisioning;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * S6: C2D fan-out. N devices connect over MQTT and subscribe to their C2D topic; then one C2D
 * message per device goes out through the service REST API (a bounded number of requests in
 * flight); each device PUBACKs what it receives, which completes the message. Reports sends/s,
 * completions/s (from the first send to the last completion) and whether every message arrived.
 * Stateless.
 */
final class C2dFanout {

    static final Set<String> OPTIONS = Set.of("--devices", "--in-flight", "--connect-rate", "--sources", "--timeout",
            "--threads");

    private C2dFanout() {
    }

    static Summary run(ScenarioOptions o, PrintStream progress) throws IOException, InterruptedException {
        int devices = o.integer("--devices", 10_000, 1, 1_000_000);
        int inFlight = o.integer("--in-flight", 64, 1, 10_000);
        Duration timeout = o.duration("--timeout", "120s");
        OpenFiles.check(devices);
        try (RunningRoost roost = RoostUnderTest.startFresh(o, "s6", List.of())) {
            List<String> ids = IntStream.range(0, devices).mapToObj(i -> "c2d-" + i).toList();
            List<DeviceCredentials> credentials = RoostProvisioning.of(roost.connectionString("registryReadWrite"), roost.httpUri())
                    .provision(ids, Instant.now().plus(Duration.ofDays(1)));
            DeviceTally tally = new DeviceTally();
            try (DeviceFleet fleet = new DeviceFleet(new InetSocketAddress("127.0.0.1", roost.mqttPort()),
                    o.integer("--threads", 2, 1, 64), null, null, tally)) {
                fleet.connectAll(credentials, o.number("--connect-rate", 0, 0, 1_000_000), 1000, o.integer("--sources", 4, 1, 254),
                        60, true, () -> progress.printf(Locale.ROOT, "scenario: S6 connecting: %,d connected%n", tally.connected.get()));
                progress.printf(Locale.ROOT, "scenario: S6 %,d of %,d devices connected and subscribed; sending%n",
                        tally.connected.get(), devices);
                ServiceApi api = new ServiceApi(roost.httpUri(), roost.connectionString("service"));
                long cpuBefore = ProcessStats.cpuNanos(roost.pid());
                Semaphore permits = new Semaphore(inFlight);
                AtomicLong accepted = new AtomicLong();
                AtomicLong refused = new AtomicLong();
                AtomicReference<String> firstRefusal = new AtomicReference<>();
                long start = System.nanoTime();
                for (String id : ids) {
                    permits.acquire();
                    api.sendC2d(id, ("{\"command\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)).whenComplete((status, e) -> {
                        if (e == null && status == 201) {
                            accepted.incrementAndGet();
                        } else {
                            refused.incrementAndGet();
                            firstRefusal.compareAndSet(null, id + ": " + (e != null ? e.toString() : "HTTP " + status));
                        }
                        permits.release();
                    });
                }
                permits.acquire(inFlight);
                long sendNanos = System.nanoTime() - start;
                long deadline = System.nanoTime() + timeout.toNanos();
                while (tally.c2dCompleted.get() < accepted.get() && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(20);
                }
                long completed = tally.c2dCompleted.get();
                long completeNanos = Math.max(1, tally.lastC2dNanos.get() - start);
                long cpu = ProcessStats.cpuNanos(roost.pid()) - cpuBefore;
                String details = String.format(Locale.ROOT,
                        "%,d devices, %,d C2D sent (%,d refused) in %.2f s = %,.0f sends/s; %,d delivered and completed"
                                + " (PUBACK) = %,.0f completions/s; %s%s",
                        devices, accepted.get(), refused.get(), sendNanos / 1e9, accepted.get() / (sendNanos / 1e9), completed,
                        completed / (completeNanos / 1e9),
                        completed == devices ? "all delivered" : "MISSING " + (devices - completed),
                        firstRefusal.get() == null ? "" : "; first refusal: " + firstRefusal.get());
                return new Summary("S6", completed / (completeNanos / 1e9), -1, "-", -1, -1, -1,
                        tally.errors() + refused.get() + (devices - completed), ProcessStats.peakRssKb(roost.pid()), cpu / 1e9,
                        details);
            }
        }
    }
}
