package io.roost.bench.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Flush (cache-to-stable-storage) requests the kernel sent to the block devices: statistics field
 * 16 of {@code /proc/diskstats} (Linux 5.5+; column 19 counting major, minor and name), summed over
 * whole disks. Other processes' I/O is included, so the figure is indicative. Returns -1 where it
 * cannot be read.
 */
final class DiskFlushes {

    private static final Path DISKSTATS = Path.of("/proc/diskstats");

    private DiskFlushes() {
    }

    static long total() {
        try {
            List<String> lines = Files.readAllLines(DISKSTATS);
            long flushes = 0;
            for (String line : lines) {
                String[] fields = line.trim().split("\\s+");
                String name = fields[2];
                if (fields.length < 19 || isVirtualOrPartition(name)) {
                    continue;
                }
                flushes += Long.parseLong(fields[18]);
            }
            return flushes;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean isVirtualOrPartition(String name) {
        return name.startsWith("loop") || name.startsWith("ram") || name.startsWith("zram")
                || name.startsWith("dm-") || Files.exists(Path.of("/sys/class/block", name, "partition"));
    }
}
