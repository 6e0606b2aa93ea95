package io.roost.bench.scenario;

import io.roost.bench.compare.RunningRoost;
import io.roost.bench.mqtt.LoadOptions;
import io.roost.bench.mqtt.LoadReport;
import io.roost.bench.mqtt.MqttLoad;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The scenarios that are the MQTT load generator against a fresh Roost: S1 throughput (flat out),
 * S2 paced latency (every device at a fixed rate, latency from the scheduled send time) and S4
 * overload (3x a sustainable rate, then back to it). Stateless.
 */
final class LoadScenarios {

    static final Set<String> S1_OPTIONS = Set.of("--devices", "--qos", "--payload", "--window", "--duration", "--warmup", "--threads");
    static final Set<String> S2_OPTIONS = Set.of("--devices", "--per-device-rate", "--payload", "--window", "--duration",
            "--warmup", "--threads");
    /**
     * S2's default warm-up. At 10,000 msgs/s the JIT is still compiling the consumers' paths (the
     * HTTP read path gets a few hundred requests a second) 10-15 s in, and those compilations take a
     * good part of a core of the two: measured from 5 s on, PUBACK p99 was 16-23 ms with the REST
     * consumer; from 15 s on, 7 ms (docs/performance.md).
     */
    static final String S2_WARMUP = "15s";

    /** S1 and S2: also read everything back through the REST read API (S1b fan-in; S2 device-to-consumer). */
    static final Set<String> CONSUMER_FLAG = Set.of("--consumer", "--eventhub-consumer");
    static final Set<String> S4_OPTIONS = Set.of("--devices", "--rate", "--probe", "--payload", "--window", "--duration",
            "--recovery", "--threads");

    /** How much S4 overloads: issue 8 asks for 3x the sustainable rate. */
    static final int OVERLOAD_FACTOR = 3;
    /** S4's recovery phase is measured after this long: devices must recover within 5 s. */
    static final String RECOVERY_GRACE = "5s";

    private LoadScenarios() {
    }

    /** S1: N devices, QoS 1 (or 0), flat out; with --consumer (S1b) a back end reads everything meanwhile. */
    static Summary s1(ScenarioOptions o, PrintStream progress) throws IOException, InterruptedException {
        boolean consume = o.flag("--consumer");
        boolean eventHub = o.flag("--eventhub-consumer");
        try (RunningRoost roost = RoostUnderTest.startFresh(o, "s1", eventHub ? List.of("amqp") : List.of());
                BackEndConsumer consumer = consume || eventHub ? startConsumer(roost, eventHub) : null) {
            LoadReport report = load(roost, progress, consumer, "--devices", Long.toString(o.integer("--devices", 10, 1, 100_000)),
                    "--qos", Integer.toString(o.integer("--qos", 1, 0, 1)), "--payload", o.text("--payload", "200"),
                    "--window", o.text("--window", "50"), "--rate", "0", "--duration", o.text("--duration", "30s"),
                    "--warmup", o.text("--warmup", "5s"), "--threads", o.text("--threads", "2"));
            return Summary.of(consumer != null ? "S1b" : "S1", report, String.format(Locale.ROOT,
                    "%d devices, QoS %d, flat out, %,.0f msgs per server CPU-second%s", report.connectedDevices(),
                    report.options().qos(), report.messagesPerServerCpuSecond(), consumer != null ? consumed(roost, consumer, report) : ""));
        }
    }

    /** S2: N devices at R msgs/s each, QoS 1; PUBACK latency from each message's scheduled send time. */
    static Summary s2(ScenarioOptions o, PrintStream progress) throws IOException, InterruptedException {
        int devices = o.integer("--devices", 1000, 1, 100_000);
        long perDevice = o.number("--per-device-rate", 10, 1, 100_000);
        boolean consume = o.flag("--consumer");
        boolean eventHub = o.flag("--eventhub-consumer");
        try (RunningRoost roost = RoostUnderTest.startFresh(o, "s2", eventHub ? List.of("amqp") : List.of());
                BackEndConsumer consumer = consume || eventHub ? startConsumer(roost, eventHub) : null) {
            LoadReport report = load(roost, progress, consumer, "--devices", Integer.toString(devices), "--qos", "1",
                    "--payload", o.text("--payload", "200"), "--window", o.text("--window", "50"),
                    "--rate", Long.toString(devices * perDevice), "--duration", o.text("--duration", "30s"),
                    "--warmup", o.text("--warmup", S2_WARMUP), "--threads", o.text("--threads", "2"));
            double achieved = report.messagesPerSecond();
            return Summary.of("S2", report, String.format(Locale.ROOT, "%d devices at %d msgs/s each (target %,d msgs/s,"
                            + " achieved %,.0f), PUBACK p99 goal <= 10 ms: %s%s",
                    report.connectedDevices(), perDevice, devices * perDevice, achieved,
                    report.ackLatencyMillis(0.99) <= 10 ? "met" : "not met",
                    consumer != null ? consumed(roost, consumer, report)
                            : "; no consumer (--consumer reads through the REST API, --eventhub-consumer through AMQP)"));
        }
    }

    /**
     * S4: the sustainable rate R (--rate, or measured flat out for --probe), then 3R for --duration,
     * then R again for --recovery, measured after a 5 s grace; every PUBACKed message must be in the log.
     */
    static Summary s4(ScenarioOptions o, PrintStream progress) throws IOException, InterruptedException {
        String devices = Integer.toString(o.integer("--devices", 100, 1, 100_000));
        String payload = o.text("--payload", "200");
        String window = o.text("--window", "50");
        String threads = o.text("--threads", "2");
        try (RunningRoost roost = RoostUnderTest.startFresh(o, "s4", List.of())) {
            long acked = 0;
            long rate = o.number("--rate", 0, 0, 10_000_000);
            if (rate == 0) {
                LoadReport probe = load(roost, progress, null, "--devices", devices, "--qos", "1", "--payload", payload,
                        "--window", window, "--rate", "0", "--duration", o.text("--probe", "10s"), "--warmup", "2s",
                        "--threads", threads);
                acked += probe.acknowledgedMessages();
                rate = Math.max(1, Math.round(probe.messagesPerSecond()));
                progress.printf(Locale.ROOT, "scenario: S4 sustainable rate measured flat out: %,d msgs/s%n", rate);
            }
            LoadReport overload = load(roost, progress, null, "--devices", devices, "--qos", "1", "--payload", payload,
                    "--window", window, "--rate", Long.toString(rate * OVERLOAD_FACTOR), "--duration", o.text("--duration", "60s"),
                    "--warmup", "0", "--threads", threads);
            acked += overload.acknowledgedMessages();
            LoadReport recovery = load(roost, progress, null, "--devices", devices, "--qos", "1", "--payload", payload,
                    "--window", window, "--rate", Long.toString(rate), "--duration", o.text("--recovery", "10s"),
                    "--warmup", RECOVERY_GRACE, "--threads", threads);
            acked += recovery.acknowledgedMessages();
            String connectionString = roost.connectionString("service");
            long inLog = new ServiceApi(roost.httpUri(), connectionString).recordsInLog();
            boolean alive = roost.pid() > 0 && ProcessHandle.of(roost.pid()).map(ProcessHandle::isAlive).orElse(false);
            return Summary.of("S4", overload, String.format(Locale.ROOT,
                    "overload at %,d msgs/s (3 x %,d) achieved %,.0f msgs/s; after it, at %,d msgs/s measured from 5 s on:"
                            + " PUBACK p99 %.2f ms, errors %d, %,.0f msgs/s; PUBACKed %,d, in the log %,d (%s); server %s",
                    rate * OVERLOAD_FACTOR, rate, overload.messagesPerSecond(), rate, recovery.ackLatencyMillis(0.99),
                    recovery.errors(), recovery.messagesPerSecond(), acked, inLog,
                    inLog >= acked ? "every PUBACKed message is in the log" : "MISSING " + (acked - inLog),
                    alive ? "still running" : "DIED"));
        }
    }

    private static BackEndConsumer startConsumer(RunningRoost roost, boolean eventHub) throws IOException, InterruptedException {
        if (eventHub) {
            EventHubConsumer consumer = new EventHubConsumer(new InetSocketAddress("127.0.0.1", roost.port("amqp")),
                    roost.connectionString("service"));
            consumer.start();
            return consumer;
        }
        RestConsumer consumer = new RestConsumer(new ServiceApi(roost.httpUri(), roost.connectionString("service")));
        consumer.start();
        return consumer;
    }

    /** After the load: how far behind the consumer was, whether it lost anything, and its latency. */
    private static String consumed(RunningRoost roost, BackEndConsumer consumer, LoadReport report)
            throws IOException, InterruptedException {
        long inLog = new ServiceApi(roost.httpUri(), roost.connectionString("service")).recordsInLog();
        long backlog = inLog - consumer.received();
        long lagMillis = consumer.awaitReceived(inLog, 30_000);
        long read = consumer.received();
        long acked = report.acknowledgedMessages();
        return String.format(Locale.ROOT, "; consumer (%s): read %,d of %,d in the log (%,d PUBACKed): %s;"
                        + " at the end of the load %,d behind, caught up %s (goal < 1 s); enqueue-to-read latency"
                        + " p50 %.0f / p99 %.0f / p99.9 %.0f ms%s",
                consumer.description(), read, inLog, acked, read >= acked ? "none lost" : "LOST " + (acked - read), backlog,
                lagMillis < 0 ? "NOT within 30 s" : "after " + lagMillis + " ms", consumer.latencyMillis(0.5),
                consumer.latencyMillis(0.99), consumer.latencyMillis(0.999),
                consumer.failure() == null ? "" : "; reader failed: " + consumer.failure());
    }

    /** @param consumer the back end reading meanwhile, told the measured window; null without one */
    private static LoadReport load(RunningRoost roost, PrintStream progress, BackEndConsumer consumer, String... scenarioArgs)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", Integer.toString(roost.mqttPort()),
                "--server-pid", Long.toString(roost.pid())));
        args.addAll(List.of(scenarioArgs));
        args.addAll(roost.authArguments());
        MqttLoad load = new MqttLoad(LoadOptions.parse(args.toArray(String[]::new)), progress);
        if (consumer != null) {
            load.onMeasuredWindow(consumer::measuredWindow);
        }
        LoadReport report = load.run();
        progress.print(report.text());
        return report;
    }
}
