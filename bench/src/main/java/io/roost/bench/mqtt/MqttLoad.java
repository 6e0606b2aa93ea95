package io.roost.bench.mqtt;

import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * MQTT 3.1.1 load generator for any broker: N devices, each on its own connection, publish QoS 0
 * or 1 to {@code devices/{id}/messages/events/} at a target rate or flat out, and the run reports
 * throughput, PUBACK latency, errors and CPU time (see docs/performance.md, "MQTT end to end").
 * Run from a second process:
 *
 * <pre>java -cp bench/target/benchmarks.jar io.roost.bench.mqtt.MqttLoad --devices 10 --qos 1 --duration 30s</pre>
 *
 * A run: provision devices (with {@code --auth roost}), connect them with limited concurrency,
 * start every connection at the same instant, warm up, measure, stop sending, wait for the last
 * PUBACKs, DISCONNECT. Progress goes to stderr once a second; the report to stdout, its last line
 * one JSON object. Exit status: 0 without errors, 1 with errors (the report is printed either
 * way), 2 for a bad command line or a failed set-up. Not thread-safe: one run per instance.
 */
public final class MqttLoad {

    /** How long the end of a run waits for PUBACKs of messages sent before it. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    /** How long the end of a run waits for channels to close after their DISCONNECT before closing them. */
    static final Duration DISCONNECT_GRACE = Duration.ofSeconds(2);

    /** Told the measured window before the load starts, so a reader of the log can measure over the same span. */
    @FunctionalInterface
    public interface MeasuredWindowListener {
        /** @param fromEpochMillis the window's start; @param toEpochMillis its end (exclusive) */
        void measuredWindow(long fromEpochMillis, long toEpochMillis);
    }

    private final LoadOptions options;
    private final PrintStream progress;
    private MeasuredWindowListener windowListener = (from, to) -> { };

    /** @param progress where the once-a-second progress lines and set-up messages go */
    public MqttLoad(LoadOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Tells {@code listener} the measured window (wall clock) once the devices are connected, before any publish. */
    public MqttLoad onMeasuredWindow(MeasuredWindowListener listener) {
        this.windowListener = listener;
        return this;
    }

    public static void main(String[] args) {
        LoadMain.run("mqtt-load", LoadOptions.USAGE, LoadOptions::parse, (options, progress) -> new MqttLoad(options, progress).run(), args);
    }

    /**
     * Runs the load and returns its report.
     *
     * @throws IOException when provisioning fails or the broker's address cannot be resolved
     */
    public LoadReport run() throws IOException, InterruptedException {
        List<DeviceCredentials> credentials = credentials();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.threads(), NioIoHandler.newFactory());
        Map<EventExecutor, LoopDriver> drivers = new IdentityHashMap<>();
        try {
            for (EventExecutor executor : group) {
                drivers.put(executor, new LoopDriver((EventLoop) executor));
            }
            InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
            if (address.isUnresolved()) {
                throw new IOException("cannot resolve --host " + options.host());
            }
            Connector connector = new Connector(group, address, options.tls(), options.caFile(),
                    options.connectTimeout().toMillis());
            LoadPlan plan = LoadPlan.of(options);
            long connectStart = System.nanoTime();
            List<DeviceConnection> connected = connectAll(credentials, plan, drivers, connector);
            long connectNanos = System.nanoTime() - connectStart;
            return measure(drivers, connected, connectNanos);
        } finally {
            // Also after a failed run: the loops' shutdown would leave open channels open, with their packets.
            closeConnections(drivers.values(), DISCONNECT_GRACE);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private List<DeviceCredentials> credentials() throws IOException, InterruptedException {
        List<String> deviceIds = IntStream.range(0, options.devices()).mapToObj(options::deviceId).toList();
        if (options.auth() == LoadOptions.Auth.NONE) {
            return deviceIds.stream().map(DeviceCredentials::anonymous).toList();
        }
        RoostProvisioning roost = RoostProvisioning.of(options.serviceConnectionString(), options.http());
        long start = System.nanoTime();
        // Long enough for the slowest connect ramp and the whole run; Roost ends a session at expiry.
        Instant expiry = Instant.now().plus(options.warmup()).plus(options.duration()).plus(Duration.ofDays(1));
        List<DeviceCredentials> provisioned = roost.provision(deviceIds, expiry);
        say("provisioned %d devices through %s in %.2f s", provisioned.size(), options.http(), (System.nanoTime() - start) / 1e9);
        return provisioned;
    }

    /** Connects every device, at most --connect-concurrency at a time; returns those that got CONNACK 0. */
    private List<DeviceConnection> connectAll(List<DeviceCredentials> credentials, LoadPlan plan,
            Map<EventExecutor, LoopDriver> drivers, Connector connector) throws InterruptedException {
        Semaphore permits = new Semaphore(options.connectConcurrency());
        List<DeviceConnection> all = new ArrayList<>(credentials.size());
        long nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (DeviceCredentials device : credentials) {
            while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                nextProgress = connectProgress(all, nextProgress);
            }
            DeviceConnection connection = new DeviceConnection(device, plan, drivers::get);
            all.add(connection);
            connection.connectOutcome().whenComplete((ok, failure) -> permits.release());
            connector.connect(connection);
            nextProgress = connectProgress(all, nextProgress);
        }
        CompletableFuture<Void> done = CompletableFuture.allOf(
                all.stream().map(DeviceConnection::connectOutcome).toArray(CompletableFuture[]::new));
        while (true) {
            try {
                done.get(100, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                nextProgress = connectProgress(all, nextProgress);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a connect outcome cannot fail", e);
            }
        }
        List<DeviceConnection> connected = all.stream().filter(c -> c.connectOutcome().join()).toList();
        say("connected %d of %d devices", connected.size(), all.size());
        return connected;
    }

    private long connectProgress(List<DeviceConnection> started, long nextProgress) {
        long now = System.nanoTime();
        if (now < nextProgress) {
            return nextProgress;
        }
        long done = started.stream().filter(c -> c.connectOutcome().isDone()).count();
        long ok = started.stream().filter(c -> c.connectOutcome().getNow(false)).count();
        say("connecting: %d of %d started, %d connected, %d failed", started.size(), options.devices(), ok, done - ok);
        return now + TimeUnit.SECONDS.toNanos(1);
    }

    private LoadReport measure(Map<EventExecutor, LoopDriver> drivers, List<DeviceConnection> connected, long connectNanos)
            throws InterruptedException {
        long measuredNanos = options.duration().toNanos();
        if (connected.isEmpty()) {
            return new LoadReport(options, 0, connectNanos, totals(drivers), measuredNanos, 0,
                    ProcessStats.ownPeakRssKb(), -1, ProcessStats.peakRssKbOrUnknown(options.serverPid()), 0);
        }
        for (int i = 0; i < connected.size(); i++) {
            connected.get(i).scheduleIndex(i);
        }
        RateSchedule schedule = new RateSchedule(options.rate(), connected.size());
        long loadStart = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long measureStart = loadStart + options.warmup().toNanos();
        long measureEnd = measureStart + measuredNanos;
        long epochOffsetMillis = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
        windowListener.measuredWindow(epochOffsetMillis + TimeUnit.NANOSECONDS.toMillis(measureStart),
                epochOffsetMillis + TimeUnit.NANOSECONDS.toMillis(measureEnd));
        for (LoopDriver driver : drivers.values()) {
            driver.loop().execute(() -> driver.start(schedule, loadStart, measureStart, measureEnd));
        }
        Progress line = new Progress(drivers.values(), progress, options.quiet());
        line.runUntil(measureStart, "warm-up");
        long clientCpu = ProcessStats.ownCpuNanos();
        long serverCpu = ProcessStats.cpuNanosOrUnknown(options.serverPid());
        line.runUntil(measureEnd, "measuring");
        clientCpu = ProcessStats.ownCpuNanos() - clientCpu;
        serverCpu = serverCpu < 0 ? -1 : ProcessStats.cpuNanosOrUnknown(options.serverPid()) - serverCpu;
        if (serverCpu < 0 && options.serverPid() > 0) {
            say("cannot read the CPU time of pid %d: server CPU is not reported", options.serverPid());
        }

        onEachLoop(drivers, driver -> () -> {
            driver.stopPublishing();
            return null;
        });
        long drainEnd = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        long unacked;
        while ((unacked = onEachLoop(drivers, driver -> driver::inFlight).stream().mapToLong(Integer::longValue).sum()) > 0
                && System.nanoTime() < drainEnd) {
            line.runUntil(Math.min(drainEnd, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50)), "draining");
        }
        LoadTotals totals = totals(drivers);
        closeConnections(drivers.values(), DISCONNECT_GRACE);
        return new LoadReport(options, connected.size(), connectNanos, totals, measuredNanos, clientCpu,
                ProcessStats.ownPeakRssKb(), serverCpu, ProcessStats.peakRssKbOrUnknown(options.serverPid()), unacked);
    }

    private static LoadTotals totals(Map<EventExecutor, LoopDriver> drivers) {
        LoadTotals totals = new LoadTotals();
        onEachLoop(drivers, driver -> () -> {
            totals.add(driver.stats());
            return null;
        });
        return totals;
    }

    /**
     * Ends every connection: DISCONNECT, up to {@code grace} for the channels to close after it,
     * then closes the rest at once. A channel must be closed before its loop shuts down, or the
     * packets queued in it (many, when the broker stopped reading during a flat-out run) are never
     * released. Call from outside the loops; returns once every channel is closed.
     */
    static void closeConnections(Collection<LoopDriver> drivers, Duration grace) {
        List<ChannelFuture> closing = new ArrayList<>();
        for (LoopDriver driver : drivers) {
            if (!driver.loop().isShuttingDown()) {
                closing.addAll(driver.loop().submit(driver::disconnectAll).syncUninterruptibly().getNow());
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (ChannelFuture closed : closing) {
            closed.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        for (LoopDriver driver : drivers) {
            if (!driver.loop().isShuttingDown()) {
                driver.loop().submit(driver::closeAll).syncUninterruptibly();
            }
        }
        for (ChannelFuture closed : closing) {
            // A close on the loop completes at once; bounded all the same, so a run always ends.
            closed.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Runs a task on every loop, one after another, and returns the results. */
    private static <T> List<T> onEachLoop(Map<EventExecutor, LoopDriver> drivers,
            java.util.function.Function<LoopDriver, Supplier<T>> task) {
        List<T> results = new ArrayList<>();
        for (LoopDriver driver : drivers.values()) {
            Supplier<T> work = task.apply(driver);
            results.add(driver.loop().submit(work::get).syncUninterruptibly().getNow());
        }
        return results;
    }

    private void say(String format, Object... args) {
        if (!options.quiet()) {
            progress.println("mqtt-load: " + String.format(Locale.ROOT, format, args));
        }
    }
}
