package io.roost.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The partition of a device is a storage contract: these values must never change. */
class PartitionHashTest {

    @Test
    void murmur3_matchesTheReferenceVectors() {
        assertThat(PartitionHash.murmur3(new byte[0])).isZero();
        assertThat(PartitionHash.murmur3("hello".getBytes(StandardCharsets.UTF_8))).isEqualTo(0x248bfa47);
        assertThat(PartitionHash.murmur3("The quick brown fox jumps over the lazy dog"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(0x2e4ff723);
    }

    @Test
    void partitionOf_isStable() {
        assertThat(PartitionHash.partitionOf("dev1", 4)).isEqualTo(PartitionHash.partitionOf("dev1", 4));
        int[] counts = new int[4];
        for (int i = 0; i < 4000; i++) {
            counts[PartitionHash.partitionOf("device-" + i, 4)]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(800, 1200);
        }
        assertThat(PartitionHash.partitionOf("ünïcødé-device", 32)).isBetween(0, 31);
    }
}
