package io.roost.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopCompletionsTest {

    private final LoopCompletions completions = new LoopCompletions();

    @Test
    void execute_whenSeveralQueued_thenRunInOrderInOneTaskWithOneFlushPerChannel() {
        FlushCounter flushes = new FlushCounter();
        EmbeddedChannel channel = new EmbeddedChannel(flushes);
        List<String> ran = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            completions.execute(channel, () -> {
                ran.add(name);
                channel.write(name);
                completions.flushLater(channel);
            });
        }
        assertThat(ran).as("nothing runs off the event loop").isEmpty();

        channel.runPendingTasks();

        assertThat(ran).containsExactly("a", "b", "c");
        assertThat(flushes.count).isEqualTo(1);
        assertThat(List.of(channel.readOutbound(), channel.readOutbound(), channel.readOutbound()))
                .containsExactly("a", "b", "c");
        channel.finishAndReleaseAll();
    }

    @Test
    void execute_whenQueuedAfterADrain_thenRunByTheNextOne() {
        EmbeddedChannel channel = new EmbeddedChannel();
        List<String> ran = new ArrayList<>();
        completions.execute(channel, () -> ran.add("first"));
        channel.runPendingTasks();
        completions.execute(channel, () -> ran.add("second"));
        channel.runPendingTasks();

        assertThat(ran).containsExactly("first", "second");
        channel.finishAndReleaseAll();
    }

    @Test
    void flushLater_whenNotInABatch_thenFlushesAtOnce() {
        FlushCounter flushes = new FlushCounter();
        EmbeddedChannel channel = new EmbeddedChannel(flushes);
        channel.write("x");

        completions.flushLater(channel);

        assertThat(flushes.count).isEqualTo(1);
        channel.finishAndReleaseAll();
    }

    private static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        int count;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            count++;
            ctx.flush();
        }
    }
}
