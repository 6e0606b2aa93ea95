package io.roost.core.ipfilter;

import java.util.Locale;

/** What a matching rule does with a connection. Written in lower case in JSON and YAML. */
public enum IpFilterAction {
    ACCEPT,
    REJECT;

    /** {@code accept} or {@code reject}, ignoring case. */
    public static IpFilterAction parse(String text) {
        if (text != null) {
            for (IpFilterAction action : values()) {
                if (action.name().equalsIgnoreCase(text.trim())) {
                    return action;
                }
            }
        }
        throw new IllegalArgumentException("action must be accept or reject, was " + text);
    }

    /** The name as configuration and JSON write it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
