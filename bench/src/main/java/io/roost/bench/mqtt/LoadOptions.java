package io.roost.bench.mqtt;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of {@link MqttLoad}, parsed and checked. Every bad value fails with a
 * {@link UsageException} that names the option and what it accepts. Immutable.
 *
 * @param rate target messages per second summed over all devices; 0 = as fast as the window allows
 * @param serverPid the broker's process id for its CPU time and peak RSS, or 0 for none
 */
public record LoadOptions(String host, int port, int devices, String devicePrefix, int qos, int payloadBytes,
        int window, long rate, Duration duration, Duration warmup, int connectConcurrency,
        Duration connectTimeout, Duration ackTimeout, Duration keepAlive, int threads, Auth auth,
        String serviceConnectionString, URI http, boolean tls, Path caFile, long serverPid, boolean quiet) {

    /** How devices authenticate. */
    public enum Auth {
        /** No user name or password: a broker that allows anonymous clients. */
        NONE,
        /** Devices created through Roost's registry REST API, each with its own SAS token. */
        ROOST
    }

    /** The largest window: packet ids are 16 bits, and the in-flight table maps them onto a power of two. */
    static final int MAX_WINDOW = 32_768;
    static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;
    static final int MAX_DEVICES = 100_000;
    static final long MAX_RATE = 10_000_000;

    public static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar io.roost.bench.mqtt.MqttLoad [options]
              --host H                    broker address (127.0.0.1)
              --port P                    broker port (1883; 8883 with --tls)
              --devices N                 devices, one TCP connection each (10)
              --device-prefix S           device ids are S0, S1, ... (load-); client id = device id
              --qos 0|1                   QoS of every PUBLISH (1)
              --payload BYTES             payload size (200)
              --window W                  QoS 1: at most W messages without PUBACK per connection (50)
              --rate R                    target messages/s summed over all devices; 0 = flat out (0)
              --duration D                measured time, e.g. 30s, 2m (30s)
              --warmup D                  load before the measured time, not counted (5s)
              --connect-concurrency C     connects in progress at once (100)
              --connect-timeout D         TCP connect + CONNACK (10s)
              --ack-timeout D             a PUBACK later than this counts as a timeout (30s)
              --keep-alive D              MQTT keep-alive; PINGREQ after half of it without a write (60s)
              --threads T                 event loop threads of the generator (2)
              --auth none|roost           none: anonymous; roost: provision devices through Roost (none)
              --service-connection-string S   with --auth roost: a policy with RegistryWrite
                                          (roost connection-string --policy registryReadWrite)
              --http URL                  with --auth roost: Roost's http listener (http://127.0.0.1:8080)
              --tls                       MQTT over TLS
              --ca-file FILE              with --tls: trust this CA (PEM) instead of the JVM's trust store
              --server-pid PID            the broker's process: report its CPU time and peak RSS
              --quiet                     no progress lines on stderr
              -h, --help                  this text
            Durations: a whole number and ms, s, m or h (500ms, 30s, 2m); 0 for none.
            """;

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    /**
     * Parses {@code args}; null when help was asked for.
     *
     * @throws UsageException naming the first bad or missing option
     */
    public static LoadOptions parse(String... args) {
        Map<String, String> values = new HashMap<>();
        boolean tls = false;
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--tls" -> tls = true;
                case "--quiet" -> quiet = true;
                default -> {
                    if (!VALUED.containsKey(arg)) {
                        throw new UsageException("unknown option " + arg);
                    }
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new UsageException(arg + " needs a value (" + VALUED.get(arg) + ")");
                    }
                    if (values.put(arg, args[++i]) != null) {
                        throw new UsageException(arg + " is given twice");
                    }
                }
            }
        }
        return of(values, tls, quiet);
    }

    /** The options that take a value, and what the value is. */
    private static final Map<String, String> VALUED = Map.ofEntries(
            Map.entry("--host", "an address"), Map.entry("--port", "1 to 65535"),
            Map.entry("--devices", "1 to " + MAX_DEVICES), Map.entry("--device-prefix", "text"),
            Map.entry("--qos", "0 or 1"), Map.entry("--payload", "0 to " + MAX_PAYLOAD_BYTES + " bytes"),
            Map.entry("--window", "1 to " + MAX_WINDOW), Map.entry("--rate", "messages/s, 0 = flat out"),
            Map.entry("--duration", "a duration"), Map.entry("--warmup", "a duration"),
            Map.entry("--connect-concurrency", "at least 1"), Map.entry("--connect-timeout", "a duration"),
            Map.entry("--ack-timeout", "a duration"), Map.entry("--keep-alive", "a duration"),
            Map.entry("--threads", "1 to 16"), Map.entry("--auth", "none or roost"),
            Map.entry("--service-connection-string", "HostName=...;SharedAccessKeyName=...;SharedAccessKey=..."),
            Map.entry("--http", "a URL"), Map.entry("--ca-file", "a PEM file"), Map.entry("--server-pid", "a process id"));

    private static LoadOptions of(Map<String, String> v, boolean tls, boolean quiet) {
        Auth auth = switch (v.getOrDefault("--auth", "none").toLowerCase(Locale.ROOT)) {
            case "none" -> Auth.NONE;
            case "roost" -> Auth.ROOST;
            default -> throw new UsageException("--auth must be none or roost, not '" + v.get("--auth") + "'");
        };
        String connectionString = v.get("--service-connection-string");
        if (auth == Auth.ROOST && connectionString == null) {
            throw new UsageException("--auth roost needs --service-connection-string"
                    + " (print it with: ./roost connection-string --policy registryReadWrite)");
        }
        if (auth == Auth.NONE && (connectionString != null || v.containsKey("--http"))) {
            throw new UsageException("--service-connection-string and --http need --auth roost");
        }
        if (!tls && v.containsKey("--ca-file")) {
            throw new UsageException("--ca-file needs --tls");
        }
        Path caFile = v.containsKey("--ca-file") ? Path.of(v.get("--ca-file")) : null;
        if (caFile != null && !Files.isReadable(caFile)) {
            throw new UsageException("--ca-file: cannot read " + caFile);
        }
        int devices = integer(v, "--devices", 10, 1, MAX_DEVICES);
        String prefix = v.getOrDefault("--device-prefix", "load-");
        checkPrefix(prefix, devices);
        int qos = integer(v, "--qos", 1, 0, 1);
        Duration duration = duration(v, "--duration", Duration.ofSeconds(30));
        if (duration.isZero()) {
            throw new UsageException("--duration must be more than 0");
        }
        return new LoadOptions(v.getOrDefault("--host", "127.0.0.1"), integer(v, "--port", tls ? 8883 : 1883, 1, 65535),
                devices, prefix, qos, integer(v, "--payload", 200, 0, MAX_PAYLOAD_BYTES),
                integer(v, "--window", 50, 1, MAX_WINDOW), longValue(v, "--rate", 0, 0, MAX_RATE),
                duration, duration(v, "--warmup", Duration.ofSeconds(5)),
                integer(v, "--connect-concurrency", 100, 1, Integer.MAX_VALUE),
                positive(v, "--connect-timeout", Duration.ofSeconds(10)),
                positive(v, "--ack-timeout", Duration.ofSeconds(30)),
                keepAlive(v), integer(v, "--threads", 2, 1, 16), auth, connectionString,
                http(v), tls, caFile, longValue(v, "--server-pid", 0, 1, Long.MAX_VALUE), quiet);
    }

    /** The device id of device {@code n}. */
    public String deviceId(int n) {
        return devicePrefix + n;
    }

    /** The topic device {@code deviceId} publishes to: IoT Hub's D2C topic with an empty property bag. */
    public static String topic(String deviceId) {
        return "devices/" + deviceId + "/messages/events/";
    }

    private static void checkPrefix(String prefix, int devices) {
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._".indexOf(c) >= 0;
            if (!ok) {
                // Device ids are topic levels: no '/', and no MQTT wildcards '+' or '#'.
                throw new UsageException("--device-prefix may use only A-Z a-z 0-9 - . _, not '" + c + "'");
            }
        }
        if ((prefix + (devices - 1)).length() > 128) {
            throw new UsageException("--device-prefix is too long: device ids are at most 128 characters");
        }
    }

    private static int integer(Map<String, String> v, String name, int fallback, int min, int max) {
        return Math.toIntExact(longValue(v, name, fallback, min, max));
    }

    private static long longValue(Map<String, String> v, String name, long fallback, long min, long max) {
        String text = v.get(name);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number (" + VALUED.get(name) + "), not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new UsageException(name + " must be " + VALUED.get(name) + ", not " + value);
        }
        return value;
    }

    private static Duration positive(Map<String, String> v, String name, Duration fallback) {
        Duration d = duration(v, name, fallback);
        if (d.isZero()) {
            throw new UsageException(name + " must be more than 0");
        }
        return d;
    }

    private static Duration keepAlive(Map<String, String> v) {
        Duration d = duration(v, "--keep-alive", Duration.ofSeconds(60));
        if (d.toSeconds() > 65_535 || (!d.isZero() && d.toSeconds() == 0)) {
            throw new UsageException("--keep-alive must be 0 or whole seconds up to 65535 s (MQTT's limit)");
        }
        return d;
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or {@code 0}. */
    public static Duration parseDuration(String name, String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new UsageException(name + " must be a whole number and ms, s, m or h (e.g. 30s), not '" + text + "'");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new UsageException(name + " is too large: " + text);
        }
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private static Duration duration(Map<String, String> v, String name, Duration fallback) {
        String text = v.get(name);
        return text == null ? fallback : parseDuration(name, text);
    }

    private static URI http(Map<String, String> v) {
        String text = v.getOrDefault("--http", "http://127.0.0.1:8080");
        URI uri;
        try {
            uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--http is not a URL: " + text);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new UsageException("--http must be http://host:port or https://host:port, not '" + text + "'");
        }
        return uri;
    }

    /** A bad command line; the message names the option and what it accepts. */
    public static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
