package io.roost.bench.compare;

import io.roost.bench.mqtt.LoadOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link BenchCompare}, parsed and checked; a bad value fails with an
 * {@link IllegalArgumentException} naming the option. Immutable.
 *
 * @param root the source tree: {@code server/target/roost-server.jar} and {@code bench/peers/moquette}
 * @param out where each peer's work directory, log and {@code results.jsonl} go
 */
public record CompareOptions(int rounds, Duration duration, Duration warmup, int devices, int payloadBytes,
        int window, int threads, List<String> peers, List<CompareScenario> scenarios, Path root, Path out,
        boolean verbose) {

    public static final List<String> PEERS = List.of("roost", "mosquitto", "moquette");

    public static final String USAGE = """
            usage: bench/compare [options]
            Starts each available peer broker in turn (Roost from the build, Mosquitto, Moquette 0.17),
            runs the same MQTT loads against each (A B C A B C ..., a fresh broker every round) and prints
            a table of medians (min-max) and Roost/peer ratios. Peers that cannot start are listed as skipped.
              --rounds N            rounds, at least 1; 3 or more for a median worth reading (3)
              --duration D          measured time of each run, e.g. 10s, 1m (10s)
              --warmup D            load before the measured time, not counted (3s)
              --devices N           devices, one connection each (10)
              --payload BYTES       payload of each PUBLISH (200)
              --window W            QoS 1: PUBLISHes without PUBACK per connection (50)
              --threads T           the load generator's event loop threads (2)
              --peers LIST          comma-separated, from roost,mosquitto,moquette (all three)
              --scenarios LIST      comma-separated, from s1-qos1,s1-qos0 (both)
              --root DIR            the source tree (the current directory, or -Droost.root)
              --out DIR             work directories, logs and results.jsonl ({root}/bench/target/compare)
              --verbose             the load generator's progress lines on stderr
              -h, --help            this text
            Environment: ROOST_JAVA_OPTS (Roost's JVM), MOQUETTE_JAVA_OPTS (Moquette's JVM).
            """;

    private static final Map<String, String> VALUED = Map.ofEntries(
            Map.entry("--rounds", "at least 1"), Map.entry("--duration", "a duration"),
            Map.entry("--warmup", "a duration"), Map.entry("--devices", "1 to 100000"),
            Map.entry("--payload", "bytes"), Map.entry("--window", "1 to 32768"),
            Map.entry("--threads", "1 to 16"), Map.entry("--peers", "roost,mosquitto,moquette"),
            Map.entry("--scenarios", "s1-qos1,s1-qos0"), Map.entry("--root", "a directory"),
            Map.entry("--out", "a directory"));

    /** Parses {@code args}; null when help was asked for. */
    public static CompareOptions parse(String... args) {
        Map<String, String> v = new HashMap<>();
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return null;
            }
            if (arg.equals("--verbose")) {
                verbose = true;
                continue;
            }
            if (!VALUED.containsKey(arg)) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value (" + VALUED.get(arg) + ")");
            }
            v.put(arg, args[++i]);
        }
        Path root = Path.of(v.getOrDefault("--root", System.getProperty("roost.root", "."))).toAbsolutePath().normalize();
        Path out = v.containsKey("--out") ? Path.of(v.get("--out")).toAbsolutePath()
                : root.resolve("bench").resolve("target").resolve("compare");
        List<String> peers = list(v.getOrDefault("--peers", String.join(",", PEERS)));
        for (String peer : peers) {
            if (!PEERS.contains(peer)) {
                throw new IllegalArgumentException("--peers: unknown peer '" + peer + "', choose from " + PEERS);
            }
        }
        List<CompareScenario> scenarios = new ArrayList<>();
        for (String name : list(v.getOrDefault("--scenarios", "s1-qos1,s1-qos0"))) {
            scenarios.add(CompareScenario.named(name));
        }
        Duration duration = LoadOptions.parseDuration("--duration", v.getOrDefault("--duration", "10s"));
        if (duration.isZero()) {
            throw new IllegalArgumentException("--duration must be more than 0");
        }
        return new CompareOptions(integer(v, "--rounds", 3, 1, 1000), duration,
                LoadOptions.parseDuration("--warmup", v.getOrDefault("--warmup", "3s")),
                integer(v, "--devices", 10, 1, 100_000), integer(v, "--payload", 200, 0, 262_144),
                integer(v, "--window", 50, 1, 32_768), integer(v, "--threads", 2, 1, 16),
                peers, List.copyOf(scenarios), root, out, verbose);
    }

    private static List<String> list(String text) {
        List<String> items = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        if (items.isEmpty()) {
            throw new IllegalArgumentException("an empty list: " + text);
        }
        return items;
    }

    private static int integer(Map<String, String> v, String name, int fallback, int min, int max) {
        String text = v.get(name);
        if (text == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number (" + VALUED.get(name) + "), not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    /** The load generator's command line for {@code scenario} against a broker on {@code port}. */
    List<String> loadArguments(CompareScenario scenario, RunningPeer peer) {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", Integer.toString(peer.mqttPort()),
                "--devices", Integer.toString(devices), "--qos", Integer.toString(scenario.qos()),
                "--payload", Integer.toString(payloadBytes), "--window", Integer.toString(window), "--rate", "0",
                "--duration", duration.toMillis() + "ms", "--warmup", warmup.toMillis() + "ms",
                "--threads", Integer.toString(threads), "--server-pid", Long.toString(peer.pid())));
        args.addAll(peer.authArguments());
        if (!verbose) {
            args.add("--quiet");
        }
        return args;
    }
}
