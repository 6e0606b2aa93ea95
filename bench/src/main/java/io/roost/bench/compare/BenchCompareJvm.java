package io.roost.bench.compare;

import java.util.Arrays;
import java.util.List;

/** JVM flags for a peer's child JVM from an environment variable. Stateless. */
public final class BenchCompareJvm {

    private BenchCompareJvm() {
    }

    /** The flags in {@code variable}, split on spaces (as ./roost splits ROOST_JAVA_OPTS); empty when unset. */
    public static List<String> options(String variable) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? List.of() : Arrays.stream(value.trim().split("\\s+")).toList();
    }
}
