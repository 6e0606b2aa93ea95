package io.roost.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.roost.core.ipfilter.IpFilterRule;
import io.roost.core.ipfilter.IpFilterRules;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code ipFilter.rules} in either of its forms. In roost.yaml, a list whose entries are
 * mappings ({@code - {name: block-lab, action: reject, cidr: 127.0.0.2/32}}) or compact strings;
 * in the environment variable (and as a single YAML string), compact rules separated by commas:
 * {@code block-lab:reject:127.0.0.2/32,lab6:reject:fd00::/8}. A compact rule splits at its first two
 * colons only, so an IPv6 block keeps its own. Every error names the key, the rule and its source.
 * Stateless.
 */
final class IpFilterRulesValue {

    private static final Set<String> FIELDS = Set.of("name", "action", "cidr");

    private IpFilterRulesValue() {
    }

    static IpFilterRules parse(String key, RawValue raw) {
        List<IpFilterRule> rules = new ArrayList<>();
        if (raw.items() != null) {
            for (JsonNode item : raw.items()) {
                rules.add(rule(key, rules.size() + 1, item, raw));
            }
        } else if (!raw.text().isBlank()) {
            for (String compact : raw.text().split(",")) {
                rules.add(compact(key, rules.size() + 1, compact.trim(), raw));
            }
        }
        try {
            return IpFilterRules.of(rules);
        } catch (IllegalArgumentException e) {
            throw invalid(key, e.getMessage(), raw);
        }
    }

    private static IpFilterRule rule(String key, int number, JsonNode item, RawValue raw) {
        if (item.isTextual()) {
            return compact(key, number, item.asText().trim(), raw);
        }
        if (!item.isObject()) {
            throw invalid(key, "rule " + number + " must be a mapping with name, action and cidr", raw);
        }
        for (Iterator<String> names = item.fieldNames(); names.hasNext();) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw invalid(key, "rule " + number + " has an unknown field " + field
                        + " (the fields are name, action and cidr)", raw);
            }
        }
        return build(key, number, text(item, "name"), text(item, "action"), text(item, "cidr"), raw);
    }

    private static String text(JsonNode item, String field) {
        JsonNode value = item.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static IpFilterRule compact(String key, int number, String text, RawValue raw) {
        String[] parts = text.split(":", 3);
        if (parts.length != 3) {
            throw invalid(key, "rule " + number + " '" + text + "' must be name:action:cidr", raw);
        }
        return build(key, number, parts[0].trim(), parts[1].trim(), parts[2].trim(), raw);
    }

    private static IpFilterRule build(String key, int number, String name, String action, String cidr, RawValue raw) {
        try {
            return IpFilterRule.of(name, action, cidr);
        } catch (IllegalArgumentException e) {
            String label = name == null || name.isBlank() ? "" : " (" + name + ")";
            throw invalid(key, "rule " + number + label + ": " + e.getMessage(), raw);
        }
    }

    private static InvalidConfigException invalid(String key, String problem, RawValue raw) {
        return new InvalidConfigException(key + " " + problem + " (from " + raw.source() + ")");
    }
}
