package io.roost.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Quotes a string as a JSON string literal and writes times the way every JSON body of Roost does.
 * The few fixed JSON bodies of this module do not justify a JSON library on the protocol's class
 * path. The {@code append} forms write into a page being built (the read API writes a time and
 * several strings per message, so they skip the formatter and the intermediate strings). Stateless
 * and thread-safe.
 */
public final class JsonText {

    /** Always three fractional digits, so times sort as text and line up in a terminal. */
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private JsonText() {
    }

    /** An instant as ISO-8601 UTC with milliseconds: {@code 2026-05-01T10:00:00.123Z}. */
    public static String utcTime(long epochMillis) {
        return appendUtcTime(new StringBuilder(24), epochMillis).toString();
    }

    /** Appends {@link #utcTime} of {@code epochMillis} to {@code out}. */
    public static StringBuilder appendUtcTime(StringBuilder out, long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000L);
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        if (time.getYear() < 0 || time.getYear() > 9999) {
            // Outside four-digit years the pattern signs or widens the year: leave that to the formatter.
            return out.append(UTC_TIME.format(Instant.ofEpochMilli(epochMillis)));
        }
        digits(out, time.getYear(), 4).append('-');
        digits(out, time.getMonthValue(), 2).append('-');
        digits(out, time.getDayOfMonth(), 2).append('T');
        digits(out, time.getHour(), 2).append(':');
        digits(out, time.getMinute(), 2).append(':');
        digits(out, time.getSecond(), 2).append('.');
        return digits(out, (int) Math.floorMod(epochMillis, 1000L), 3).append('Z');
    }

    private static StringBuilder digits(StringBuilder out, int value, int width) {
        for (int divisor = width == 4 ? 1000 : width == 3 ? 100 : 10; divisor > 0; divisor /= 10) {
            out.append((char) ('0' + value / divisor % 10));
        }
        return out;
    }

    public static String quote(String value) {
        return appendQuoted(new StringBuilder(value.length() + 2), value).toString();
    }

    /** Appends {@code value} as a JSON string literal to {@code out}. */
    public static StringBuilder appendQuoted(StringBuilder out, String value) {
        out.append('"');
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
        return out.append('"');
    }
}
