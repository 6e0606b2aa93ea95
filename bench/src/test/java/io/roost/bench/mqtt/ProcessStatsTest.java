package io.roost.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    @Test
    void cpuNanosOf_whenCommandNameHasSpacesAndParentheses_thenUtimePlusStime() {
        // Fields 14 (utime) = 250 and 15 (stime) = 50 ticks; the name "(my (java) x)" has both.
        String stat = "4242 (my (java) x) S 1 4242 4242 0 -1 4194560 12345 0 3 0 250 50 0 0 20 0 40 0 123 0 0";

        assertThat(ProcessStats.cpuNanosOf(stat)).isEqualTo(300 * 10_000_000L);
    }

    @Test
    void cpuNanos_whenThisProcess_thenReadableAndGrowing() throws Exception {
        long pid = ProcessHandle.current().pid();
        long before = ProcessStats.cpuNanos(pid);
        // Spins until the kernel has counted at least one more tick (10 ms), for at most 10 s.
        long deadline = System.nanoTime() + 10_000_000_000L;
        long after = before;
        while (after == before && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            after = ProcessStats.cpuNanos(pid);
        }

        assertThat(after).isGreaterThan(before);
        assertThat(ProcessStats.ownCpuNanos()).isPositive();
    }

    @Test
    void peakRssKbOf_whenStatus_thenVmHwm() {
        assertThat(ProcessStats.peakRssKbOf("Name:\tjava\nVmPeak:\t 9000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t 100 kB\n"))
                .isEqualTo(123_456);
        assertThat(ProcessStats.peakRssKbOf("Name:\tjava\n")).isEqualTo(-1);
        assertThat(ProcessStats.ownPeakRssKb()).isPositive();
    }

    @Test
    void orUnknown_whenNoPidOrNoSuchProcess_thenMinusOne_andForThisProcessAFigure() {
        long own = ProcessHandle.current().pid();
        assertThat(ProcessStats.cpuNanosOrUnknown(0)).isEqualTo(-1);
        assertThat(ProcessStats.peakRssKbOrUnknown(-1)).isEqualTo(-1);
        assertThat(ProcessStats.cpuNanosOrUnknown(Integer.MAX_VALUE)).isEqualTo(-1);
        assertThat(ProcessStats.peakRssKbOrUnknown(Integer.MAX_VALUE)).isEqualTo(-1);
        assertThat(ProcessStats.cpuNanosOrUnknown(own)).isPositive();
        assertThat(ProcessStats.peakRssKbOrUnknown(own)).isPositive();
    }
}
