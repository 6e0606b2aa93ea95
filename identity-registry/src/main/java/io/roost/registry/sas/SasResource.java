package io.roost.registry.sas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * A token resource split into a host and path segments, for matching by segment: the host
 * case-insensitively, the path (device ids are case-sensitive) exactly. Immutable; thread-safe.
 */
record SasResource(String host, List<String> path) {

    /** Splits {@code host/a/b}, tolerating a {@code scheme://} prefix and empty segments. */
    static SasResource of(String resource) {
        String r = resource;
        int scheme = r.indexOf("://");
        if (scheme >= 0) {
            r = r.substring(scheme + 3);
        }
        List<String> segments = new ArrayList<>();
        for (String s : r.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        if (segments.isEmpty()) {
            return new SasResource("", List.of());
        }
        return new SasResource(segments.get(0).toLowerCase(Locale.ROOT), List.copyOf(segments.subList(1, segments.size())));
    }

    boolean hostIn(Collection<String> lowerCaseHosts) {
        return lowerCaseHosts.contains(host);
    }

    /** True when this resource's path equals {@code target} or is a segment prefix of it. */
    boolean pathCovers(List<String> target) {
        return path.size() <= target.size() && target.subList(0, path.size()).equals(path);
    }
}
