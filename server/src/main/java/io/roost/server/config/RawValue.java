package io.roost.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A configuration value as written, before parsing, with the place it came from so an error can
 * point there ({@code ROOST_D2C_PARTITIONS}, {@code --http-port}, {@code /etc/roost.yaml}). Immutable.
 *
 * @param items the entries when roost.yaml gave a list (only keys in {@link ConfigKeys#LISTS} may),
 *     else null; {@code text} is then empty
 */
record RawValue(String text, String source, List<JsonNode> items) {

    RawValue {
        items = items == null ? null : List.copyOf(items);
    }

    RawValue(String text, String source) {
        this(text, source, null);
    }
}
