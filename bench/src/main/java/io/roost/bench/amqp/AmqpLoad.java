package io.roost.bench.amqp;

import io.roost.bench.amqp.DeviceSender.AmqpLoadPlan;
import io.roost.bench.amqp.DeviceSender.MeasuredWindow;
import io.roost.bench.mqtt.DeviceCredentials;
import io.roost.bench.mqtt.LoadMain;
import io.roost.bench.mqtt.LoadOptions;
import io.roost.bench.mqtt.LoadReport;
import io.roost.bench.mqtt.LoadTotals;
import io.roost.bench.mqtt.ProcessStats;
import io.roost.bench.mqtt.RoostProvisioning;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * AMQP 1.0 D2C load generator for Roost: N devices, each provisioned through the registry REST API
 * and on its own connection (SASL PLAIN with its SAS token) and thread, send to
 * {@code /devices/{id}/messages/events} flat out with at most {@code --window} unsettled transfers;
 * the run reports throughput, send-to-Accepted latency and errors in {@link LoadReport}'s format
 * (see docs/performance.md, "AMQP end to end"). It takes {@link LoadOptions}' command line, with
 * port 5672 by default and without {@code --tls}, {@code --qos 0}, {@code --rate} or
 * {@code --auth none}. Run from a second process:
 *
 * <pre>java -cp bench/target/benchmarks.jar io.roost.bench.amqp.AmqpLoad --devices 10 --auth roost ...</pre>
 *
 * Exit status as MqttLoad's: 0 without errors, 1 with errors, 2 for a bad command line or set-up.
 * Not thread-safe: one run per instance.
 */
public final class AmqpLoad {

    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    public static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar io.roost.bench.amqp.AmqpLoad [options]
              --host H --port P           Roost's plain AMQP listener (127.0.0.1, 5672)
              --devices N                 devices, one connection and one thread each (10)
              --device-prefix S           device ids are S0, S1, ... (load-)
              --payload BYTES             body size (200)
              --window W                  at most W unsettled transfers per device (50)
              --duration D --warmup D     measured time and load before it (30s, 5s)
              --connect-concurrency C     connects in progress at once (100)
              --connect-timeout D         TCP connect + SASL + attach (10s)
              --auth roost                required: provision the devices through Roost
              --service-connection-string S   a policy with RegistryWrite (registryReadWrite)
              --http URL                  Roost's http listener (http://127.0.0.1:8080)
              --server-pid PID            the server's process: report its CPU time and peak RSS
              --quiet                     no progress lines on stderr
            Durations: a whole number and ms, s, m or h (500ms, 30s, 2m).
            """;

    private final LoadOptions options;
    private final PrintStream progress;

    public AmqpLoad(LoadOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * {@link LoadOptions#parse} with port 5672 unless given, then the AMQP generator's own checks.
     *
     * @return null when help was asked for
     * @throws LoadOptions.UsageException naming the first bad option
     */
    public static LoadOptions parse(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (all.contains("-h") || all.contains("--help")) {
            return null;
        }
        if (!all.contains("--port")) {
            all.add("--port");
            all.add("5672");
        }
        LoadOptions options = LoadOptions.parse(all.toArray(String[]::new));
        if (options.tls()) {
            throw new LoadOptions.UsageException("--tls is not supported: use the plain amqp listener");
        }
        if (options.qos() != 1) {
            throw new LoadOptions.UsageException("--qos must be 1: every transfer is unsettled until Accepted");
        }
        if (options.rate() != 0) {
            throw new LoadOptions.UsageException("--rate is not supported: the AMQP load runs flat out within --window");
        }
        if (options.auth() != LoadOptions.Auth.ROOST) {
            throw new LoadOptions.UsageException("--auth roost is required: Roost takes no anonymous devices");
        }
        return options;
    }

    public static void main(String[] args) {
        LoadMain.run("amqp-load", USAGE, AmqpLoad::parse, (options, progress) -> new AmqpLoad(options, progress).run(), args);
    }

    /**
     * Runs the load and returns its report.
     *
     * @throws IOException when provisioning fails or the server's address cannot be resolved
     */
    public LoadReport run() throws IOException, InterruptedException {
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve --host " + options.host());
        }
        RoostProvisioning roost = RoostProvisioning.of(options.serviceConnectionString(), options.http());
        List<String> deviceIds = IntStream.range(0, options.devices()).mapToObj(options::deviceId).toList();
        Instant expiry = Instant.now().plus(options.warmup()).plus(options.duration()).plus(Duration.ofDays(1));
        List<DeviceCredentials> devices = roost.provision(deviceIds, expiry);
        say("provisioned %d devices through %s", devices.size(), options.http());
        // The SAS token's sr names the hub's host: that is the host the AMQP open and SASL user name carry.
        String hostName = devices.get(0).userName().substring(0, devices.get(0).userName().indexOf('/'));

        MeasuredWindow window = new MeasuredWindow();
        AmqpLoadPlan plan = new AmqpLoadPlan(address, hostName, new byte[options.payloadBytes()], options.window(),
                options.connectTimeout(), DRAIN_TIMEOUT, window);
        Semaphore permits = new Semaphore(options.connectConcurrency());
        CountDownLatch connectsDone = new CountDownLatch(devices.size());
        CountDownLatch start = new CountDownLatch(1);
        List<DeviceSender> senders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long connectStart = System.nanoTime();
        for (DeviceCredentials device : devices) {
            DeviceSender sender = new DeviceSender(device, plan, permits, connectsDone, start);
            senders.add(sender);
            Thread thread = new Thread(sender, "amqp-load-" + device.deviceId());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        connectsDone.await();
        long connectNanos = System.nanoTime() - connectStart;
        int connected = (int) senders.stream().filter(DeviceSender::connected).count();
        say("connected %d of %d devices", connected, devices.size());

        long loadStart = System.nanoTime();
        window.startNanos = loadStart + options.warmup().toNanos();
        window.endNanos = window.startNanos + options.duration().toNanos();
        start.countDown();
        progressUntil(senders, window.startNanos, "warm-up");
        long clientCpu = ProcessStats.ownCpuNanos();
        long serverCpu = ProcessStats.cpuNanosOrUnknown(options.serverPid());
        progressUntil(senders, window.endNanos, "measuring");
        clientCpu = ProcessStats.ownCpuNanos() - clientCpu;
        serverCpu = serverCpu < 0 ? -1 : ProcessStats.cpuNanosOrUnknown(options.serverPid()) - serverCpu;
        if (serverCpu < 0 && options.serverPid() > 0) {
            say("cannot read the CPU time of pid %d: server CPU is not reported", options.serverPid());
        }
        for (Thread thread : threads) {
            thread.join(DRAIN_TIMEOUT.toMillis() + options.connectTimeout().toMillis());
        }
        LoadTotals totals = new LoadTotals();
        long unacked = 0;
        for (DeviceSender sender : senders) {
            sender.addTo(totals);
            unacked += sender.unackedAtEnd();
        }
        return new LoadReport(options, connected, connectNanos, totals, options.duration().toNanos(), clientCpu,
                ProcessStats.ownPeakRssKb(), serverCpu, ProcessStats.peakRssKbOrUnknown(options.serverPid()), unacked,
                LoadReport.Wire.AMQP);
    }

    /** Prints a progress line each second until {@code deadlineNanos}. */
    private void progressUntil(List<DeviceSender> senders, long deadlineNanos, String phase) throws InterruptedException {
        long lastSent = senders.stream().mapToLong(s -> s.sent.get()).sum();
        long lastAcked = senders.stream().mapToLong(s -> s.acked.get()).sum();
        long last = System.nanoTime();
        while (System.nanoTime() < deadlineNanos) {
            TimeUnit.NANOSECONDS.sleep(Math.min(TimeUnit.SECONDS.toNanos(1), deadlineNanos - System.nanoTime()));
            long now = System.nanoTime();
            long sent = senders.stream().mapToLong(s -> s.sent.get()).sum();
            long acked = senders.stream().mapToLong(s -> s.acked.get()).sum();
            double seconds = (now - last) / 1e9;
            say("%-9s sent %,9.0f/s  accepted %,9.0f/s  in flight %,7d", phase, (sent - lastSent) / seconds,
                    (acked - lastAcked) / seconds, sent - acked);
            last = now;
            lastSent = sent;
            lastAcked = acked;
        }
    }

    private void say(String format, Object... args) {
        if (!options.quiet()) {
            progress.println("amqp-load: " + String.format(Locale.ROOT, format, args));
        }
    }
}
