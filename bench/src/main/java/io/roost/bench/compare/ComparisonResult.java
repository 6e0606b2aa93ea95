package io.roost.bench.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a comparison collected: every run's figures by peer and scenario, in peer order, and the
 * peers that were skipped (or failed during a round) with the reason. Not thread-safe; filled by
 * {@link CompareRun} on one thread, read after.
 */
public final class ComparisonResult {

    private final Map<String, Map<CompareScenario, List<RunFigures>>> runs = new LinkedHashMap<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();

    void add(String peer, CompareScenario scenario, RunFigures figures) {
        runs.computeIfAbsent(peer, p -> new LinkedHashMap<>()).computeIfAbsent(scenario, s -> new ArrayList<>()).add(figures);
    }

    void skip(String peer, String reason) {
        skipped.merge(peer, reason, (a, b) -> a + "; " + b);
    }

    /** The runs of {@code peer} in {@code scenario}, in round order; empty when none. */
    public List<RunFigures> runs(String peer, CompareScenario scenario) {
        return runs.getOrDefault(peer, Map.of()).getOrDefault(scenario, List.of());
    }

    /** Peers with at least one run, in the order they ran. */
    public List<String> measuredPeers() {
        return List.copyOf(runs.keySet());
    }

    /** Peer name to why it was skipped or stopped early. */
    public Map<String, String> skipped() {
        return Map.copyOf(skipped);
    }
}
