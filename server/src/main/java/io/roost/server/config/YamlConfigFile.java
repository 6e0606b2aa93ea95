package io.roost.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads roost.yaml into dotted keys. Nested mappings ({@code d2c:} then {@code partitions: 4})
 * and dotted keys ({@code d2c.partitions: 4}) give the same key. A key of {@link ConfigKeys#LISTS}
 * takes a list ({@code ipFilter.rules}); every other key a single value. Unknown keys are an error rather
 * than ignored, so a misspelt key cannot silently leave a default in force. Stateless and
 * thread-safe.
 */
final class YamlConfigFile {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private YamlConfigFile() {
    }

    static Map<String, RawValue> read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException("config file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new InvalidConfigException("cannot parse " + file + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, RawValue> values = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values;
        }
        if (!root.isObject()) {
            throw new InvalidConfigException(file + " must be a mapping of keys to values");
        }
        flatten("", root, file.toString(), values);
        return values;
    }

    private static void flatten(String prefix, JsonNode node, String source, Map<String, RawValue> out) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(key + ".", value, source, out);
            } else if (!ConfigKeys.ALL.contains(key)) {
                throw new InvalidConfigException("unknown key " + key + " in " + source
                        + " (the keys are listed in docs/configuration.md)");
            } else if (value.isArray() && ConfigKeys.LISTS.contains(key)) {
                List<JsonNode> items = new ArrayList<>();
                value.elements().forEachRemaining(items::add);
                if (out.put(key, new RawValue("", source, items)) != null) {
                    throw new InvalidConfigException(key + " is set twice in " + source);
                }
            } else if (value.isContainerNode()) {
                throw new InvalidConfigException(key + " must be a single value, not a list (in " + source + ")");
            } else if (out.put(key, new RawValue(value.isNull() ? "" : value.asText(), source)) != null) {
                throw new InvalidConfigException(key + " is set twice in " + source);
            }
        }
    }
}
