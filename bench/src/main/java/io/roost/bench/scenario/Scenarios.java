package io.roost.bench.scenario;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code bench/scenario}: the scenarios of issue 8 against a fresh Roost from the build, one
 * subcommand each (see docs/performance.md, "Scenarios"). Progress goes to stderr; each scenario
 * ends with one summary line on stdout ({@link Summary}). Exit status 0 when the scenario ran
 * without errors, 1 with errors, 2 for a bad command line or a failed set-up.
 */
public final class Scenarios {

    public static final String USAGE = """
            usage: bench/scenario <scenario> [options]      (every scenario starts its own Roost)
              s1  throughput: --devices 10 --qos 1 --payload 200 --window 50 --duration 30s --warmup 5s --threads 2
                  [--consumer | --eventhub-consumer]  (S1b: a back end reads everything meanwhile, through the
                  REST read API or the Event Hubs-compatible endpoint on AMQP)
              s2  paced latency: --devices 1000 --per-device-rate 10 --payload 200 --window 50 --duration 30s
                  --warmup 15s --threads 2 [--consumer | --eventhub-consumer]  (PUBACK latency from each message's
                  scheduled send time; a consumer adds enqueue-to-read latency, of the messages enqueued in the
                  measured window, through the REST read API or the Event Hubs-compatible endpoint)
              s3  connections: --connections 1000 --connect-rate 5000 (0 = unpaced) --concurrency 1000
                  --sources 4 (127.0.0.1-127.0.0.N) --keep-alive 60s --hold 60s --threads 2 [--tls]
                  --warmup-connections 2000 (opened and closed first, so the ramp meets a warm server; 0 = none)
              s4  overload: --devices 100 --rate R (0 = measure flat out for --probe 10s) --duration 60s
                  --recovery 10s --payload 200 --window 50 --threads 2  (3R for --duration, then R)
              s5  recovery: --log-mb 5120 --partitions 4  (fill the log, SIGKILL, time the start to /health 200)
              s6  C2D fan-out: --devices 10000 --in-flight 64 --connect-rate 0 --sources 4 --timeout 120s --threads 2
            every scenario: --root DIR (source tree; -Droost.root) --out DIR (bench/target/scenario/<name>)
            Roost's JVM flags: ROOST_JAVA_OPTS. Durations: 500ms, 30s, 2m, 1h.
            """;

    private Scenarios() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 0 || Arrays.stream(args).anyMatch(Set.of("-h", "--help", "help")::contains)) {
            System.out.print(USAGE);
            return;
        }
        Summary summary;
        try {
            summary = run(args[0], Arrays.asList(args).subList(1, args.length), System.err);
        } catch (IllegalArgumentException e) {
            System.err.println("scenario: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        } catch (IOException e) {
            System.err.println("scenario: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println(summary.line());
        System.out.flush();
        System.exit(summary.errors() > 0 ? 1 : 0);
    }

    /** Runs scenario {@code name} with {@code args}; progress to {@code progress}. */
    public static Summary run(String name, List<String> args, PrintStream progress) throws IOException, InterruptedException {
        return switch (name) {
            case "s1" -> LoadScenarios.s1(ScenarioOptions.parse(args, LoadScenarios.S1_OPTIONS, LoadScenarios.CONSUMER_FLAG), progress);
            case "s2" -> LoadScenarios.s2(ScenarioOptions.parse(args, LoadScenarios.S2_OPTIONS, LoadScenarios.CONSUMER_FLAG), progress);
            case "s3" -> ConnectionRamp.run(ScenarioOptions.parse(args, ConnectionRamp.OPTIONS, ConnectionRamp.FLAGS), progress);
            case "s4" -> LoadScenarios.s4(ScenarioOptions.parse(args, LoadScenarios.S4_OPTIONS, Set.of()), progress);
            case "s5" -> RecoveryTimer.run(ScenarioOptions.parse(args, RecoveryTimer.OPTIONS, Set.of()), progress);
            case "s6" -> C2dFanout.run(ScenarioOptions.parse(args, C2dFanout.OPTIONS, Set.of()), progress);
            default -> throw new IllegalArgumentException("unknown scenario '" + name + "'; choose s1, s2, s3, s4, s5 or s6");
        };
    }
}
