package io.roost.server.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The stable names of every configuration key (design.md section 8) and their environment
 * variables. A key renamed here breaks users' roost.yaml files: add, never rename.
 */
public final class ConfigKeys {

    public static final String HOST_NAME = "hostName";
    public static final String D2C_PARTITIONS = "d2c.partitions";
    public static final String D2C_RETENTION_DAYS = "d2c.retentionDays";
    public static final String D2C_MAX_MESSAGE_BYTES = "d2c.maxMessageBytes";
    public static final String D2C_MAX_PARTITION_MEGABYTES = "d2c.maxPartitionMegabytes";
    public static final String D2C_BATCH_MAX_BYTES = "d2c.batchMaxBytes";
    public static final String D2C_MAX_LINGER_MILLIS = "d2c.maxLingerMillis";
    public static final String D2C_APPEND_QUEUE_CAPACITY = "d2c.appendQueueCapacity";
    public static final String C2D_MAX_QUEUE_DEPTH = "c2d.maxQueueDepth";
    public static final String C2D_DEFAULT_TTL = "c2d.defaultTtl";
    public static final String C2D_MAX_DELIVERY_COUNT = "c2d.maxDeliveryCount";
    public static final String C2D_LOCK_TIMEOUT = "c2d.lockTimeout";
    public static final String OPERATIONS_JSON_LOG = "operations.jsonLog";
    public static final String OPERATIONS_CONNECTION_STATE_EVENTS = "operations.connectionStateEvents";
    public static final String THROTTLE_DEVICE_MESSAGES_PER_SECOND = "throttle.d2c.deviceMessagesPerSecond";
    public static final String THROTTLE_DEVICE_BURST = "throttle.d2c.deviceBurst";
    public static final String THROTTLE_HUB_MESSAGES_PER_SECOND = "throttle.d2c.hubMessagesPerSecond";
    public static final String THROTTLE_DEVICE_CONNECTS_PER_MINUTE = "throttle.connects.devicePerMinute";
    public static final String THROTTLE_DISCONNECT_AFTER = "throttle.disconnectAfter";
    public static final String THROTTLE_POLICY_REQUESTS_PER_SECOND = "throttle.registry.policyRequestsPerSecond";
    public static final String TLS_CERTIFICATE_FILE = "tls.certificateFile";
    public static final String TLS_PRIVATE_KEY_FILE = "tls.privateKeyFile";
    /** The IP filter's initial rules (docs/configuration.md); a list in roost.yaml. */
    public static final String IP_FILTER_RULES = "ipFilter.rules";

    /** The keys whose value may be a list in roost.yaml. */
    public static final Set<String> LISTS = Set.of(IP_FILTER_RULES);

    /** Every key, in documentation order. */
    public static final Set<String> ALL = all();

    private static final String ENV_PREFIX = "ROOST_";

    private ConfigKeys() {
    }

    /** {@code d2c.partitions} is set by {@code ROOST_D2C_PARTITIONS}: upper case, dots to underscores. */
    public static String environmentVariable(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static Set<String> all() {
        List<String> keys = new ArrayList<>(List.of(HOST_NAME, D2C_PARTITIONS, D2C_RETENTION_DAYS, D2C_MAX_MESSAGE_BYTES,
                D2C_MAX_PARTITION_MEGABYTES, D2C_BATCH_MAX_BYTES, D2C_MAX_LINGER_MILLIS, D2C_APPEND_QUEUE_CAPACITY,
                C2D_MAX_QUEUE_DEPTH, C2D_DEFAULT_TTL, C2D_MAX_DELIVERY_COUNT, C2D_LOCK_TIMEOUT, OPERATIONS_JSON_LOG, OPERATIONS_CONNECTION_STATE_EVENTS,
                THROTTLE_DEVICE_MESSAGES_PER_SECOND, THROTTLE_DEVICE_BURST, THROTTLE_HUB_MESSAGES_PER_SECOND,
                THROTTLE_DEVICE_CONNECTS_PER_MINUTE, THROTTLE_DISCONNECT_AFTER, THROTTLE_POLICY_REQUESTS_PER_SECOND,
                TLS_CERTIFICATE_FILE, TLS_PRIVATE_KEY_FILE, IP_FILTER_RULES));
        for (ListenerName name : ListenerName.values()) {
            keys.addAll(List.of(name.portKey(), name.bindAddressKey(), name.enabledKey()));
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(keys));
    }
}
