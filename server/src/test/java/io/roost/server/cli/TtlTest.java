package io.roost.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class TtlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"30s, PT30S", "15m, PT15M", "1h, PT1H", "7d, PT168H", "1H, PT1H", "PT1H, PT1H", "P7D, PT168H",
            "PT1H30M, PT1H30M"})
    void parse_whenValid_thenDuration(String text, String expected) {
        assertThat(Ttl.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "1", "h", "1w", "-1h", "0s", "PT0S", "PT-1H", "1.5h", "one hour", "1h30m"})
    void parse_whenInvalidOrNotPositive_thenClearError(String text) {
        assertThatThrownBy(() -> Ttl.parse(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("is not a positive duration such as 30s, 15m, 1h, 7d or PT1H");
    }
}
