package io.roost.store.c2d;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Application properties in one column as {@code k=v&k2=v2}, each part URL-encoded, so any
 * string survives and the order is kept. Stateless.
 */
final class PropertyCoding {

    private PropertyCoding() {
    }

    /** @return null for no properties */
    static String encode(Map<String, String> properties) {
        if (properties.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        properties.forEach((key, value) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return out.toString();
    }

    static Map<String, String> decode(String column) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (column == null || column.isEmpty()) {
            return properties;
        }
        for (String pair : column.split("&")) {
            int equals = pair.indexOf('=');
            properties.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return properties;
    }
}
