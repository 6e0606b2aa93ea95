package io.roost.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.LinkedHashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Brings the completions of durable appends back to each channel's event loop in batches. The log
 * completes a whole fsync batch at once on its appender thread; handing each completion over with
 * its own {@code eventLoop().execute} costs one wake-up per message, which dominated the CPU per
 * message when many connections each send a little (docs/performance.md). Here completions queue
 * per event loop and one task runs all that queued; PUBACKs they write are flushed once per
 * channel at the end of that task instead of once per message.
 *
 * <p>Thread-safe: {@link #execute} from any thread; the tasks and {@link #flushLater} run on the
 * event loop.
 */
final class LoopCompletions {

    private final ConcurrentMap<EventLoop, LoopQueue> queues = new ConcurrentHashMap<>();

    /** Runs {@code task} on {@code channel}'s event loop, together with the others queued there. */
    void execute(Channel channel, Runnable task) {
        queues.computeIfAbsent(channel.eventLoop(), LoopQueue::new).add(task);
    }

    /** From a task run by {@link #execute}: flush {@code channel} once the batch is done. */
    void flushLater(Channel channel) {
        LoopQueue queue = queues.get(channel.eventLoop());
        if (queue != null && queue.draining) {
            queue.toFlush.add(channel);
        } else {
            channel.flush();
        }
    }

    private static final class LoopQueue {
        private final EventLoop loop;
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        /** Event loop only. */
        private final Set<Channel> toFlush = new LinkedHashSet<>();
        /** Event loop only. */
        private boolean draining;

        LoopQueue(EventLoop loop) {
            this.loop = loop;
        }

        void add(Runnable task) {
            tasks.add(task);
            if (scheduled.compareAndSet(false, true)) {
                loop.execute(this::drain);
            }
        }

        private void drain() {
            // Cleared first: a task added after the last poll below schedules a new drain.
            scheduled.set(false);
            draining = true;
            try {
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
            } finally {
                draining = false;
                for (Channel channel : toFlush) {
                    channel.flush();
                }
                toFlush.clear();
            }
        }
    }
}
