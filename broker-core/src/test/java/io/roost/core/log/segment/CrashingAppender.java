package io.roost.core.log.segment;

import java.io.BufferedWriter;
import java.io.FileWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * The child process of {@link LogCrashTest}: appends from several threads, with a window of
 * appends in flight each, and writes one line per completed (durable) append to an ack file until
 * it is killed. Arguments: log directory, ack file, round number.
 */
public final class CrashingAppender {

    static final int THREADS = 4;
    static final int IN_FLIGHT_PER_THREAD = 64;

    private CrashingAppender() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        int round = Integer.parseInt(args[2]);
        SegmentLog log = SegmentLog.open(SegmentLogConfig.builder(directory)
                .segmentBytes(512 * 1024).indexIntervalBytes(1024).retentionCheckInterval(Duration.ZERO).build());
        LinkedBlockingQueue<String> acks = new LinkedBlockingQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads.add(new Thread(() -> appendForever(log, round, thread, acks), "appender-" + t));
        }
        threads.forEach(Thread::start);
        System.out.println("started");
        System.out.flush();
        try (BufferedWriter out = new BufferedWriter(new FileWriter(args[1], true))) {
            List<String> drained = new ArrayList<>();
            while (true) {
                drained.add(acks.take());
                acks.drainTo(drained);
                for (String line : drained) {
                    out.write(line);
                    out.write('\n');
                }
                out.flush();
                drained.clear();
            }
        }
    }

    private static void appendForever(SegmentLog log, int round, int thread, LinkedBlockingQueue<String> acks) {
        Semaphore window = new Semaphore(IN_FLIGHT_PER_THREAD);
        for (long counter = 0; ; counter++) {
            window.acquireUninterruptibly();
            long sent = counter;
            log.append(CrashTestMessages.message(round, thread, counter)).whenComplete((appended, failure) -> {
                window.release();
                if (failure == null) {
                    acks.add(round + " " + thread + " " + sent + " " + appended.partition() + " " + appended.offset());
                }
            });
        }
    }
}
