package io.roost.bench.scenario;

import io.roost.bench.mqtt.LoadOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of one scenario subcommand: {@code --name value} pairs and flags, checked against the
 * names the scenario accepts, with typed getters that fall back to the scenario's defaults. Every
 * scenario also takes {@code --root} (the source tree) and {@code --out} (work directory).
 * Immutable.
 */
public final class ScenarioOptions {

    static final Set<String> COMMON = Set.of("--root", "--out");

    private final Map<String, String> values;
    private final Set<String> flags;

    private ScenarioOptions(Map<String, String> values, Set<String> flags) {
        this.values = Map.copyOf(values);
        this.flags = Set.copyOf(flags);
    }

    /**
     * Parses {@code args} against the valued options {@code accepted} and the flags {@code acceptedFlags}.
     *
     * @throws IllegalArgumentException naming the unknown option or the missing value
     */
    public static ScenarioOptions parse(List<String> args, Set<String> accepted, Set<String> acceptedFlags) {
        Map<String, String> values = new HashMap<>();
        java.util.HashSet<String> flags = new java.util.HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (acceptedFlags.contains(arg)) {
                flags.add(arg);
            } else if (accepted.contains(arg) || COMMON.contains(arg)) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                values.put(arg, args.get(++i));
            } else {
                throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new ScenarioOptions(values, flags);
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public long number(String name, long fallback, long min, long max) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be %d to %d, not %d", name, min, max, value));
        }
        return value;
    }

    public int integer(String name, int fallback, int min, int max) {
        return Math.toIntExact(number(name, fallback, min, max));
    }

    public Duration duration(String name, String fallback) {
        return LoadOptions.parseDuration(name, values.getOrDefault(name, fallback));
    }

    /** The source tree: {@code --root}, else {@code -Droost.root}, else the current directory. */
    public Path root() {
        return Path.of(values.getOrDefault("--root", System.getProperty("roost.root", "."))).toAbsolutePath().normalize();
    }

    /** The scenario's work directory: {@code --out}, else {@code {root}/bench/target/scenario/{name}}. */
    public Path out(String scenario) {
        String out = values.get("--out");
        return out != null ? Path.of(out).toAbsolutePath() : root().resolve("bench").resolve("target").resolve("scenario").resolve(scenario);
    }
}
