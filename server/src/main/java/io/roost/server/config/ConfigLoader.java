package io.roost.server.config;

import io.roost.core.log.segment.SegmentLogConfig;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Merges the configuration layers, each overriding the one before: built-in defaults, roost.yaml,
 * {@code ROOST_*} environment variables, command-line flags. The environment is passed in so that
 * tests need not touch the real one. Stateless and thread-safe.
 */
public final class ConfigLoader {

    public static final String DEFAULT_HOST_NAME = "localhost";
    public static final int DEFAULT_PARTITIONS = 4;
    public static final int DEFAULT_RETENTION_DAYS = 1;
    public static final int MAX_RETENTION_DAYS = (int) SegmentLogConfig.MAX_RETENTION.toDays();
    /** IoT Hub's limit for a device-to-cloud message. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;
    /** The most the segment log accepts; checked here so the error names the key before the log opens. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    public static final int MAX_PORT = 65535;
    public static final int DEFAULT_MAX_PARTITION_MEGABYTES = 16 * 1024;
    public static final int DEFAULT_BATCH_MAX_BYTES = 1024 * 1024;
    public static final int DEFAULT_APPEND_QUEUE_CAPACITY = 16 * 1024;
    /** A segment is 64 MiB; a partition smaller than one segment could never keep its active one. */
    public static final int MIN_PARTITION_MEGABYTES = 64;

    private ConfigLoader() {
    }

    /**
     * @param yamlFile roost.yaml, if one was given
     * @param environment the process environment; only {@code ROOST_*} names of known keys are read
     * @param flags values from the command line by key, with the flag name that set them
     * @throws InvalidConfigException naming the first bad key, file or value
     */
    public static ServerConfig load(Optional<Path> yamlFile, Map<String, String> environment, Map<String, RawFlag> flags) {
        Map<String, RawValue> merged = new LinkedHashMap<>();
        yamlFile.ifPresent(file -> merged.putAll(YamlConfigFile.read(file)));
        for (String key : ConfigKeys.ALL) {
            String variable = ConfigKeys.environmentVariable(key);
            String value = environment.get(variable);
            if (value != null) {
                merged.put(key, new RawValue(value, "environment variable " + variable));
            }
        }
        flags.forEach((key, flag) -> {
            if (!ConfigKeys.ALL.contains(key)) {
                throw new IllegalArgumentException("flag " + flag.flag() + " maps to unknown key " + key);
            }
            merged.put(key, new RawValue(flag.value(), flag.flag()));
        });
        return build(new ConfigValues(merged));
    }

    private static ServerConfig build(ConfigValues values) {
        String hostName = values.dnsName(ConfigKeys.HOST_NAME, DEFAULT_HOST_NAME);
        D2cConfig d2c = new D2cConfig(
                values.intInRange(ConfigKeys.D2C_PARTITIONS, DEFAULT_PARTITIONS,
                        SegmentLogConfig.MIN_PARTITIONS, SegmentLogConfig.MAX_PARTITIONS),
                values.intInRange(ConfigKeys.D2C_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, 1, MAX_RETENTION_DAYS),
                values.intInRange(ConfigKeys.D2C_MAX_MESSAGE_BYTES, DEFAULT_MAX_MESSAGE_BYTES, 1, MAX_MESSAGE_BYTES),
                values.intInRange(ConfigKeys.D2C_MAX_PARTITION_MEGABYTES, DEFAULT_MAX_PARTITION_MEGABYTES,
                        MIN_PARTITION_MEGABYTES, Integer.MAX_VALUE),
                values.intInRange(ConfigKeys.D2C_BATCH_MAX_BYTES, DEFAULT_BATCH_MAX_BYTES, 4096, 64 * 1024 * 1024),
                values.intInRange(ConfigKeys.D2C_MAX_LINGER_MILLIS, 0, 0, 1000),
                values.intInRange(ConfigKeys.D2C_APPEND_QUEUE_CAPACITY, DEFAULT_APPEND_QUEUE_CAPACITY, 1, 1 << 24));
        C2dConfig c2d = new C2dConfig(
                values.intInRange(ConfigKeys.C2D_MAX_QUEUE_DEPTH, C2dConfig.DEFAULT_MAX_QUEUE_DEPTH, 1,
                        C2dConfig.MAX_QUEUE_DEPTH),
                values.duration(ConfigKeys.C2D_DEFAULT_TTL, C2dConfig.DEFAULT_TTL, C2dConfig.MIN_TTL, C2dConfig.MAX_TTL),
                values.intInRange(ConfigKeys.C2D_MAX_DELIVERY_COUNT, C2dConfig.DEFAULT_MAX_DELIVERY_COUNT, 1,
                        C2dConfig.MAX_DELIVERY_COUNT),
                values.duration(ConfigKeys.C2D_LOCK_TIMEOUT, C2dConfig.DEFAULT_LOCK_TIMEOUT, C2dConfig.MIN_LOCK_TIMEOUT,
                        C2dConfig.MAX_LOCK_TIMEOUT));
        Map<ListenerName, ListenerConfig> listeners = new EnumMap<>(ListenerName.class);
        for (ListenerName name : ListenerName.values()) {
            listeners.put(name, new ListenerConfig(name,
                    values.intInRange(name.portKey(), name.defaultPort(), 0, MAX_PORT),
                    values.ipAddress(name.bindAddressKey(), name.defaultBindAddress()),
                    values.bool(name.enabledKey(), true),
                    values.isSet(name.portKey())));
        }
        OperationsConfig operations = new OperationsConfig(values.choice(ConfigKeys.OPERATIONS_JSON_LOG,
                OperationsConfig.JsonLog.class, OperationsConfig.JsonLog.OFF),
                values.bool(ConfigKeys.OPERATIONS_CONNECTION_STATE_EVENTS, false));
        return new ServerConfig(hostName, d2c, c2d, listeners, tls(values),
                values.ipFilterRules(ConfigKeys.IP_FILTER_RULES), operations, ThrottleConfig.read(values));
    }

    private static TlsConfig tls(ConfigValues values) {
        Optional<Path> certificate = values.path(ConfigKeys.TLS_CERTIFICATE_FILE);
        Optional<Path> key = values.path(ConfigKeys.TLS_PRIVATE_KEY_FILE);
        if (certificate.isPresent() != key.isPresent()) {
            String given = certificate.isPresent() ? ConfigKeys.TLS_CERTIFICATE_FILE : ConfigKeys.TLS_PRIVATE_KEY_FILE;
            throw new InvalidConfigException(ConfigKeys.TLS_CERTIFICATE_FILE + " and " + ConfigKeys.TLS_PRIVATE_KEY_FILE
                    + " must be set together, but only " + given + " was (from " + values.sourceOf(given) + ")");
        }
        return new TlsConfig(certificate, key);
    }

    /** A value given on the command line, and the flag that gave it. */
    public record RawFlag(String flag, String value) {
    }
}
