package io.roost.http.ipfilter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roost.core.ipfilter.IpFilterRule;
import io.roost.core.ipfilter.IpFilterRules;
import io.roost.http.JsonText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The IP filter rules as JSON, the one form of the REST API and of the file the server keeps them
 * in: an ordered array {@code [{"name":"block-lab","action":"reject","cidr":"127.0.0.2/32"}]}.
 * Stateless and thread-safe.
 */
public final class IpFilterJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("name", "action", "cidr");

    private IpFilterJson() {
    }

    /** The canonical array: one object per rule, fields in a fixed order, CIDR blocks canonical. */
    public static String write(IpFilterRules rules) {
        StringBuilder out = new StringBuilder("[");
        for (IpFilterRule rule : rules.list()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append("{\"name\":").append(JsonText.quote(rule.name()))
                    .append(",\"action\":").append(JsonText.quote(rule.action().key()))
                    .append(",\"cidr\":").append(JsonText.quote(rule.cidr().toString()))
                    .append('}');
        }
        return out.append(']').toString();
    }

    /** A strong entity tag of the rules: equal rules have equal tags, across restarts. */
    public static String etag(IpFilterRules rules) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(write(rules).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Parses and validates the array.
     *
     * @throws IllegalArgumentException naming the rule (number and name) and what is wrong with it
     */
    public static IpFilterRules parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the body cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("the rules must be a JSON array of {\"name\",\"action\",\"cidr\"} objects");
        }
        List<IpFilterRule> rules = new ArrayList<>();
        for (JsonNode item : root) {
            rules.add(rule(rules.size() + 1, item));
        }
        return IpFilterRules.of(rules);
    }

    private static IpFilterRule rule(int number, JsonNode item) {
        if (!item.isObject()) {
            throw new IllegalArgumentException("rule " + number + " must be an object with name, action and cidr");
        }
        for (Iterator<String> names = item.fieldNames(); names.hasNext();) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("rule " + number + " has an unknown field " + field
                        + " (the fields are name, action and cidr)");
            }
        }
        String name = text(item, "name");
        try {
            return IpFilterRule.of(name, text(item, "action"), text(item, "cidr"));
        } catch (IllegalArgumentException e) {
            String label = name == null || name.isBlank() ? "" : " (" + name + ")";
            throw new IllegalArgumentException("rule " + number + label + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode item, String field) {
        JsonNode value = item.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }
}
