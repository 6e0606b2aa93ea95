package io.roost.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A route path with named segments, such as {@code /devices/{id}/messages/deviceBound/{etag}}. A
 * parameter captures exactly one whole, non-empty segment; literal segments must match exactly.
 * Matching works on segments that are already percent-decoded one by one (see
 * {@link PathSegments}), so an encoded {@code /} inside a device id stays inside its segment.
 *
 * <p>Immutable and thread-safe.
 */
final class PathTemplate {

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private final String text;
    /** Per segment: the literal text, or null where a parameter goes. */
    private final List<String> literals;
    /** Per segment: the parameter name, or null where a literal goes. */
    private final List<String> names;

    private PathTemplate(String text, List<String> literals, List<String> names) {
        this.text = text;
        this.literals = literals;
        this.names = names;
    }

    static boolean isTemplate(String path) {
        return path.indexOf('{') >= 0;
    }

    /** @throws IllegalArgumentException unless every segment is a literal or a whole {@code {name}} */
    static PathTemplate parse(String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("a route path starts with '/': " + template);
        }
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String segment : template.substring(1).split("/", -1)) {
            var parameter = PARAMETER.matcher(segment);
            if (parameter.matches()) {
                if (names.contains(parameter.group(1))) {
                    throw new IllegalArgumentException("parameter {" + parameter.group(1) + "} twice in " + template);
                }
                literals.add(null);
                names.add(parameter.group(1));
            } else if (segment.contains("{") || segment.contains("}")) {
                throw new IllegalArgumentException("a parameter must be a whole segment: " + template);
            } else {
                literals.add(segment);
                names.add(null);
            }
        }
        return new PathTemplate(template, Collections.unmodifiableList(literals), Collections.unmodifiableList(names));
    }

    /** The parameters by name when the decoded segments fit this template. */
    Optional<Map<String, String>> match(List<String> segments) {
        if (segments.size() != literals.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            String literal = literals.get(i);
            if (literal != null) {
                if (!literal.equals(segment)) {
                    return Optional.empty();
                }
            } else if (segment.isEmpty()) {
                return Optional.empty();
            } else {
                params.put(names.get(i), segment);
            }
        }
        return Optional.of(Map.copyOf(params));
    }

    /**
     * Orders templates so that the first match is the most specific: at the first segment where
     * two differ in kind, the one with a literal there wins ({@code /devices/{id}/commands} before
     * {@code /devices/{id}/{any}}). Templates of different lengths never match the same path; they
     * are ordered by length first only to keep the order total.
     */
    static int bySpecificity(PathTemplate a, PathTemplate b) {
        if (a.literals.size() != b.literals.size()) {
            return Integer.compare(a.literals.size(), b.literals.size());
        }
        for (int i = 0; i < a.literals.size(); i++) {
            boolean aLiteral = a.literals.get(i) != null;
            boolean bLiteral = b.literals.get(i) != null;
            if (aLiteral != bLiteral) {
                return aLiteral ? -1 : 1;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
