package io.roost.core.c2d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roost.core.error.RoostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AckModeTest {

    @ParameterizedTest
    @CsvSource({"none,NONE", "Positive,POSITIVE", "negative,NEGATIVE", "FULL,FULL",
            "positiveonly,POSITIVE", "NegativeOnly,NEGATIVE", "'',NONE"})
    void parse_whenDocumentedOrServiceSdkSpelling_thenThatMode(String wire, AckMode expected) {
        assertThat(AckMode.parse(wire)).isEqualTo(expected);
    }

    @Test
    void parse_whenUnknown_thenBadRequestNamingTheAllowedValues() {
        assertThatThrownBy(() -> AckMode.parse("sometimes"))
                .isInstanceOfSatisfying(RoostException.class,
                        e -> assertThat(e.status()).isEqualTo(RoostException.Status.BAD_REQUEST))
                .hasMessageContaining("none, positive, negative or full");
    }
}
