package io.roost.bench.mqtt;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and peak memory of a process, read from Linux's {@code /proc}, and of this JVM.
 * Stateless; thread-safe.
 */
public final class ProcessStats {

    /**
     * Clock ticks per second of {@code utime} and {@code stime} in {@code /proc/PID/stat}
     * ({@code USER_HZ}): 100 on every mainstream Linux architecture; the JDK cannot ask for it.
     */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcessStats() {
    }

    /** This JVM's CPU time (user + system, all threads) in nanoseconds, or -1 if unknown. */
    public static long ownCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** {@code utime + stime} of process {@code pid} in nanoseconds. */
    public static long cpuNanos(long pid) throws IOException {
        return cpuNanosOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /**
     * {@code utime + stime} from the text of {@code /proc/PID/stat}: fields 14 and 15, counted
     * after the command name, which is in parentheses and may itself hold spaces or parentheses.
     */
    static long cpuNanosOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
        return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    }

    /** {@code VmHWM} (peak resident set) of process {@code pid} in kB, or -1 when not reported. */
    public static long peakRssKb(long pid) throws IOException {
        return peakRssKbOf(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    }

    static long peakRssKbOf(String status) {
        return statusKb(status, "VmHWM:");
    }

    /** {@code VmRSS} (resident set now) of process {@code pid} in kB, or -1 when not reported. */
    public static long rssKb(long pid) throws IOException {
        return statusKb(Files.readString(Path.of("/proc", Long.toString(pid), "status")), "VmRSS:");
    }

    private static long statusKb(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
            }
        }
        return -1;
    }

    /** {@link #cpuNanos} of {@code pid}, or -1 when there is no pid (0 or less) or its stats cannot be read. */
    public static long cpuNanosOrUnknown(long pid) {
        return orUnknown(pid, ProcessStats::cpuNanos);
    }

    /** {@link #peakRssKb} of {@code pid}, or -1 when there is no pid (0 or less) or its stats cannot be read. */
    public static long peakRssKbOrUnknown(long pid) {
        return orUnknown(pid, ProcessStats::peakRssKb);
    }

    public static long ownPeakRssKb() {
        return peakRssKbOrUnknown(ProcessHandle.current().pid());
    }

    @FunctionalInterface
    private interface ProcessFigure {
        long of(long pid) throws IOException;
    }

    private static long orUnknown(long pid, ProcessFigure figure) {
        if (pid <= 0) {
            return -1;
        }
        try {
            return figure.of(pid);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
