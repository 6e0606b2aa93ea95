package io.roost.registry.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A shared access policy's connection string as IoT Hub prints it,
 * {@code HostName=...;SharedAccessKeyName=...;SharedAccessKey=...}, parsed for clients that sign
 * tokens with it (the CLI, the load generator). Immutable.
 */
public record ServiceConnectionString(String hostName, String policyName, String key) {

    /**
     * Field names ignore case; other fields are ignored.
     *
     * @throws IllegalArgumentException naming what is missing or invalid
     */
    public static ServiceConnectionString parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : text.trim().split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                // Only the first '=' separates: base64 keys end with '='.
                fields.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
            }
        }
        ServiceConnectionString parsed = new ServiceConnectionString(required(fields, "HostName"),
                required(fields, "SharedAccessKeyName"), required(fields, "SharedAccessKey"));
        parsed.policy();
        return parsed;
    }

    /**
     * The policy the string names, with its key as both keys and no permissions known (the server
     * decides those).
     *
     * @throws IllegalArgumentException when the key is not a valid key (base64 of 16 to 64 bytes)
     */
    public SharedAccessPolicy policy() {
        try {
            return new SharedAccessPolicy(policyName, key, key, Set.of());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the SharedAccessKey of the connection string is not a valid key: "
                    + e.getMessage(), e);
        }
    }

    /** A hub identity holding just this policy, for signing tokens. */
    public HubIdentity hub() {
        return new HubIdentity(hostName, List.of(policy()));
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name.toLowerCase(Locale.ROOT));
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the connection string has no " + name
                    + " (expected HostName=...;SharedAccessKeyName=...;SharedAccessKey=...)");
        }
        return value;
    }
}
