package io.roost.bench.compare;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Renders a {@link ComparisonResult} as Markdown tables: per scenario and peer the median (min-max)
 * over the rounds, then Roost/peer ratios of the medians in msgs/s and msgs per server CPU-second,
 * then the skipped peers and why. Stateless; thread-safe.
 */
public final class ComparisonTable {

    private ComparisonTable() {
    }

    public static String render(ComparisonResult result, CompareOptions options) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%d devices, %d B payload, window %d, %d round(s) of %.1f s measured after %.1f s"
                        + " warm-up; medians (min-max); latency in ms; RSS = the broker's peak (VmHWM) in MB%n%n",
                options.devices(), options.payloadBytes(), options.window(), options.rounds(),
                options.duration().toMillis() / 1e3, options.warmup().toMillis() / 1e3));
        s.append("| scenario | peer | runs | msgs/s | MB/s | PUBACK p50 | p99 | p99.9 | server CPU s | msgs/server CPU-s | peak RSS MB | errors |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (CompareScenario scenario : options.scenarios()) {
            for (String peer : result.measuredPeers()) {
                List<RunFigures> runs = result.runs(peer, scenario);
                if (runs.isEmpty()) {
                    continue;
                }
                boolean qos1 = scenario.qos() == 1;
                s.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %d |%n",
                        scenario.name(), peer, runs.size(), median(runs, RunFigures::msgsPerSec).format(0),
                        median(runs, RunFigures::mbPerSec).format(1),
                        qos1 ? median(runs, RunFigures::pubackP50Ms).format(2) : "-",
                        qos1 ? median(runs, RunFigures::pubackP99Ms).format(2) : "-",
                        qos1 ? median(runs, RunFigures::pubackP999Ms).format(2) : "-",
                        median(runs, RunFigures::serverCpuSeconds).format(2),
                        median(runs, RunFigures::msgsPerServerCpuSecond).format(0),
                        median(runs, f -> f.serverPeakRssKb() / 1024.0).format(0),
                        runs.stream().mapToLong(RunFigures::errors).sum()));
            }
        }
        s.append('\n');
        s.append("| scenario | Roost / peer | msgs/s | msgs per server CPU-s |\n|---|---|---:|---:|\n");
        for (CompareScenario scenario : options.scenarios()) {
            List<RunFigures> roost = result.runs("roost", scenario);
            for (String peer : result.measuredPeers()) {
                List<RunFigures> other = result.runs(peer, scenario);
                if (peer.equals("roost") || roost.isEmpty() || other.isEmpty()) {
                    continue;
                }
                s.append(String.format(Locale.ROOT, "| %s | roost / %s | %s | %s |%n", scenario.name(), peer,
                        ratio(roost, other, RunFigures::msgsPerSec), ratio(roost, other, RunFigures::msgsPerServerCpuSecond)));
            }
        }
        s.append('\n');
        Map<String, String> skipped = result.skipped();
        if (skipped.isEmpty()) {
            s.append("skipped: none\n");
        }
        for (String peer : CompareOptions.PEERS) {
            if (skipped.containsKey(peer)) {
                s.append("skipped: ").append(peer).append(": ").append(skipped.get(peer)).append('\n');
            }
        }
        return s.toString();
    }

    private static Median median(List<RunFigures> runs, ToDoubleFunction<RunFigures> field) {
        return Median.of(runs.stream().map(f -> field.applyAsDouble(f)).toList());
    }

    private static String ratio(List<RunFigures> roost, List<RunFigures> peer, ToDoubleFunction<RunFigures> field) {
        double denominator = median(peer, field).median();
        double numerator = median(roost, field).median();
        if (denominator <= 0 || numerator < 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2fx", numerator / denominator);
    }
}
