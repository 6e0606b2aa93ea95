package io.roost.core.message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Copies of property maps that keep insertion order (the order a device sent them in). */
public final class PropertyMaps {

    private PropertyMaps() {
    }

    public static Map<String, String> immutableCopy(Map<String, String> properties) {
        if (properties == null || properties.isEmpty()) {
            return Map.of();
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(properties.size() * 2);
        properties.forEach((key, value) -> copy.put(
                Objects.requireNonNull(key, "property name"), Objects.requireNonNull(value, "property value")));
        return Collections.unmodifiableMap(copy);
    }
}
