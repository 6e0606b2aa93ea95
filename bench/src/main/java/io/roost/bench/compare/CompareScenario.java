package io.roost.bench.compare;

import java.util.List;

/**
 * One MQTT load that {@code bench/compare} runs against every peer: S1 of issue 8 (flat out, QoS 1)
 * and its QoS 0 variant. Devices, payload and window come from the command line. Immutable.
 *
 * @param name the scenario's name in the table and on the command line
 */
public record CompareScenario(String name, int qos, String description) {

    public static final CompareScenario S1_QOS1 = new CompareScenario("s1-qos1", 1, "S1 throughput, QoS 1, flat out");
    public static final CompareScenario S1_QOS0 = new CompareScenario("s1-qos0", 0, "S1 throughput, QoS 0, flat out");
    public static final List<CompareScenario> ALL = List.of(S1_QOS1, S1_QOS0);

    /** The scenario named {@code name}. */
    public static CompareScenario named(String name) {
        return ALL.stream().filter(s -> s.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--scenarios: unknown scenario '" + name
                        + "', choose from " + ALL.stream().map(CompareScenario::name).toList()));
    }
}
