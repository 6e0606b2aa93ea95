package io.roost.core.c2d;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetiredGenerationsTest {

    @Test
    void contains_whenAdded_thenTrueUntilPushedOutByNewerOnes() {
        RetiredGenerations retired = new RetiredGenerations(2);
        retired.add("g1");
        retired.add("g2");

        assertThat(retired.contains("g1")).isTrue();
        retired.add("g3");

        assertThat(retired.contains("g1")).isFalse();
        assertThat(retired.contains("g2")).isTrue();
        assertThat(retired.contains("g3")).isTrue();
        assertThat(retired.contains(null)).isFalse();
    }
}
