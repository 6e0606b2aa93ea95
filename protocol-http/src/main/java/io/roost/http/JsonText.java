package io.roost.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Quotes a string as a JSON string literal and writes times the way every JSON body of Roost does.
 * The few fixed JSON bodies of this module do not justify a JSON library on the protocol's class
 * path. Stateless and thread-safe.
 */
public final class JsonText {

    /** Always three fractional digits, so times sort as text and line up in a terminal. */
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private JsonText() {
    }

    /** An instant as ISO-8601 UTC with milliseconds: {@code 2026-05-01T10:00:00.123Z}. */
    public static String utcTime(long epochMillis) {
        return UTC_TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
