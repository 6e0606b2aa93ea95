package io.roost.server.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a token lifetime: a whole number with a unit ({@code 30s}, {@code 15m}, {@code 1h},
 * {@code 7d}) or an ISO-8601 duration ({@code PT1H}, {@code P7D}). It must be positive. Stateless.
 */
final class Ttl implements ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhd])");

    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    static Duration parse(String text) {
        String trimmed = text.trim();
        Duration ttl = parseOrNull(trimmed);
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new TypeConversionException("'" + text + "' is not a positive duration such as 30s, 15m, 1h, 7d or PT1H");
        }
        return ttl;
    }

    private static Duration parseOrNull(String text) {
        Matcher m = SHORT.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
