package io.roost.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    private static final DateTimeFormatter REFERENCE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Test
    void utcTime_writesWhatTheFormatterWrites_acrossDaysYearsAndLeapDays() {
        long[] edges = {0, 1, 999, 1000, -1, -1000, -1001, 951_782_400_000L /* 2000-02-29 */,
                1_709_164_799_999L /* 2024-02-28T23:59:59.999 */, 1_735_689_599_999L /* 2024-12-31T23:59:59.999 */,
                253_402_300_799_999L /* 9999-12-31T23:59:59.999 */, 253_402_300_800_000L /* 10000-01-01 */,
                -62_167_219_200_000L /* 0000-01-01 */, -62_167_219_200_001L /* -0001-12-31 */};
        for (long millis : edges) {
            assertThat(JsonText.utcTime(millis)).as("%d", millis).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(millis)));
        }
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 100_000; i++) {
            long millis = random.nextLong(-62_167_219_200_000L, 253_402_300_800_000L);
            assertThat(JsonText.utcTime(millis)).as("%d", millis).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(millis)));
        }
    }

    @Test
    void appendUtcTime_appendsToWhatIsThere() {
        assertThat(JsonText.appendUtcTime(new StringBuilder("t="), 1_777_629_600_123L)).hasToString("t=2026-05-01T10:00:00.123Z");
    }

    @Test
    void quote_escapesQuotesBackslashesAndControlCharacters() {
        assertThat(JsonText.quote("a\"b\\c\nd\re\tf\u0001g é")).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g é\"");
        assertThat(JsonText.appendQuoted(new StringBuilder("x:"), "")).hasToString("x:\"\"");
    }
}
