package io.roost.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The end of a flat-out run against a broker that has stopped reading, on a real socket and event
 * loop: the PUBLISH buffers queued in the channel when the run ends must all be released. Counted
 * with an instrumented allocator (every buffer of the connection comes from it), so a buffer left
 * behind fails the test at once instead of showing up in a leak report after some later GC.
 */
class DeviceConnectionLeakTest {

    private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(true, false, false);
    private ServerSocket broker;
    private Socket accepted;

    @AfterEach
    void closeBroker() throws IOException {
        if (accepted != null) {
            accepted.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void endOfRun_whenBrokerStoppedReadingWithPublishesQueued_thenEveryBufferReleased() throws Exception {
        broker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        CompletableFuture<Void> connAckSent = CompletableFuture.runAsync(this::acceptAndConnAckThenStopReading);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoop loop = group.next();
        LoopDriver driver = new LoopDriver(loop);
        LoadPlan plan = new LoadPlan(0, 50, PublishEncoder.payload(200), Duration.ofSeconds(30).toNanos(), 60,
                Duration.ofSeconds(10).toNanos());
        DeviceConnection connection = new DeviceConnection(DeviceCredentials.anonymous("leak-1"), plan, ignored -> driver);
        try {
            Connector connector = new Connector(group, new InetSocketAddress(broker.getInetAddress(), broker.getLocalPort()),
                    false, null, 10_000, allocator);
            connector.connect(connection);
            assertThat(connection.connectOutcome().get(10, TimeUnit.SECONDS)).isTrue();
            connAckSent.get(10, TimeUnit.SECONDS);
            loop.submit(() -> driver.start(new RateSchedule(0, 1), System.nanoTime(), Long.MIN_VALUE, Long.MAX_VALUE)).sync();
            // Flat out against a broker that reads nothing: the socket buffers fill, then the channel's
            // outbound buffer (its high water mark is 64 KiB).
            await().atMost(Duration.ofSeconds(20)).until(() -> allocator.metric().usedDirectMemory() > 32 * 1024);

            // MqttLoad's end of a run: stop publishing, end the connections, shut the loops down. The
            // DISCONNECT cannot get through (it waits behind the queued PUBLISHes).
            loop.submit(driver::stopPublishing).sync();
            MqttLoad.closeConnections(List.of(driver), Duration.ofMillis(200));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }

        assertThat(group.isTerminated()).isTrue();
        assertThat(allocator.metric().usedDirectMemory()).as("bytes of buffers never released").isZero();
        assertThat(allocator.metric().usedHeapMemory()).as("bytes of heap buffers never released").isZero();
    }

    private void acceptAndConnAckThenStopReading() {
        try {
            accepted = broker.accept();
            accepted.setReceiveBufferSize(4096);
            InputStream in = accepted.getInputStream();
            // CONNECT: fixed header byte, then the remaining length (one byte suffices for this one).
            in.read();
            int remaining = in.read();
            in.readNBytes(remaining);
            OutputStream out = accepted.getOutputStream();
            out.write(new byte[] {0x20, 0x02, 0x00, 0x00});
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
