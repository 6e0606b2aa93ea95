package io.roost.core.log;

import java.nio.charset.StandardCharsets;

/**
 * Maps a device id to a partition with 32-bit MurmurHash3 (seed 0) over the id's UTF-8 bytes. This
 * is a storage contract: changing it would move devices between partitions of existing data.
 */
public final class PartitionHash {

    private PartitionHash() {
    }

    public static int partitionOf(String deviceId, int partitionCount) {
        return partitionOfUtf8(deviceId.getBytes(StandardCharsets.UTF_8), partitionCount);
    }

    /** The same, for a device id already encoded as UTF-8. */
    public static int partitionOfUtf8(byte[] deviceIdUtf8, int partitionCount) {
        return Math.floorMod(murmur3(deviceIdUtf8), partitionCount);
    }

    static int murmur3(byte[] data) {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int hash = 0;
        int blocks = data.length / 4;
        for (int i = 0; i < blocks; i++) {
            int k = (data[4 * i] & 0xff) | (data[4 * i + 1] & 0xff) << 8
                    | (data[4 * i + 2] & 0xff) << 16 | (data[4 * i + 3] & 0xff) << 24;
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            hash ^= k;
            hash = Integer.rotateLeft(hash, 13);
            hash = hash * 5 + 0xe6546b64;
        }
        int tail = blocks * 4;
        int remaining = data.length & 3;
        if (remaining > 0) {
            int k = 0;
            for (int i = remaining - 1; i >= 0; i--) {
                k = (k << 8) | (data[tail + i] & 0xff);
            }
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            hash ^= k;
        }
        hash ^= data.length;
        hash ^= hash >>> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >>> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >>> 16;
        return hash;
    }
}
