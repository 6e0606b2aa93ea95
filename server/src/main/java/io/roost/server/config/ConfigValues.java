package io.roost.server.config;

import io.roost.core.ipfilter.IpFilterRules;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Typed, validated reads of the merged raw values; each read names its default and what is
 * allowed, so the rule and its error message live in one line. Not thread-safe; used once while
 * loading.
 */
final class ConfigValues {

    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int MAX_DNS_NAME_LENGTH = 253;

    private final Map<String, RawValue> values;

    ConfigValues(Map<String, RawValue> values) {
        this.values = values;
    }

    int intInRange(String key, int defaultValue, int min, int max) {
        RawValue raw = values.get(key);
        if (raw == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.text().trim());
        } catch (NumberFormatException e) {
            throw invalid(key, "must be an integer between " + min + " and " + max, raw);
        }
        if (value < min || value > max) {
            throw invalid(key, "must be between " + min + " and " + max, raw);
        }
        return (int) value;
    }

    /** An ISO-8601 duration ({@code PT1H}, {@code P1D}) from {@code min} to {@code max}, both included. */
    Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        RawValue raw = values.get(key);
        if (raw == null) {
            return defaultValue;
        }
        // The default as the example: it is always in range, unlike a fixed PT1H.
        String allowed = "must be an ISO-8601 duration from " + min + " to " + max + " such as " + defaultValue;
        Duration value;
        try {
            value = Duration.parse(raw.text().trim());
        } catch (DateTimeParseException e) {
            throw invalid(key, allowed, raw);
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw invalid(key, allowed, raw);
        }
        return value;
    }

    boolean bool(String key, boolean defaultValue) {
        RawValue raw = values.get(key);
        if (raw == null) {
            return defaultValue;
        }
        return switch (raw.text().trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, "must be true or false", raw);
        };
    }

    /** One of the enum's constants, written in any case ({@code off}, {@code OFF}). */
    <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
        RawValue raw = values.get(key);
        if (raw == null) {
            return defaultValue;
        }
        String text = raw.text().trim();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        String allowed = String.join(", ", java.util.Arrays.stream(type.getEnumConstants())
                .map(constant -> constant.name().toLowerCase(Locale.ROOT)).toList());
        throw invalid(key, "must be one of " + allowed, raw);
    }

    String dnsName(String key, String defaultValue) {
        RawValue raw = values.get(key);
        if (raw == null) {
            return defaultValue;
        }
        String text = raw.text().trim();
        if (text.length() > MAX_DNS_NAME_LENGTH || !DNS_NAME.matcher(text).matches()) {
            throw invalid(key, "must be a DNS name (letters, digits, '-' and '.')", raw);
        }
        return text;
    }

    /** A file name, as given; whether it exists is checked where the file is read. */
    Optional<Path> path(String key) {
        RawValue raw = values.get(key);
        if (raw == null || raw.text().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(raw.text().trim()));
        } catch (InvalidPathException e) {
            throw invalid(key, "must be a file name", raw);
        }
    }

    /** The IP filter rules of {@code key}; none (everyone accepted) when no layer set it. */
    IpFilterRules ipFilterRules(String key) {
        RawValue raw = values.get(key);
        return raw == null ? IpFilterRules.ACCEPT_ALL : IpFilterRulesValue.parse(key, raw);
    }

    /** True when some layer set the key, as opposed to the built-in default applying. */
    boolean isSet(String key) {
        return values.containsKey(key);
    }

    /** Where a key's value came from, for messages about keys that go together. */
    String sourceOf(String key) {
        RawValue raw = values.get(key);
        return raw == null ? "default" : raw.source();
    }

    /** An IP literal only: resolving a name here would block start-up on DNS and bind surprises. */
    String ipAddress(String key, String defaultValue) {
        RawValue raw = values.get(key);
        if (raw == null) {
            return defaultValue;
        }
        String text = raw.text().trim();
        if (!IPV4.matcher(text).matches() && !text.contains(":")) {
            throw invalid(key, "must be an IP address such as 127.0.0.1 or 0.0.0.0", raw);
        }
        try {
            // A literal never reaches DNS: getByName parses it, and rejects 300.1.1.1 and bad IPv6.
            return InetAddress.getByName(text).getHostAddress();
        } catch (UnknownHostException e) {
            throw invalid(key, "must be an IP address such as 127.0.0.1 or 0.0.0.0", raw);
        }
    }

    private static InvalidConfigException invalid(String key, String allowed, RawValue raw) {
        return new InvalidConfigException(key + " " + allowed + ", was " + raw.text() + " (from " + raw.source() + ")");
    }
}
