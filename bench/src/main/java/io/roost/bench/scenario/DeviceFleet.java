package io.roost.bench.scenario;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import io.roost.bench.mqtt.ClientTls;
import io.roost.bench.mqtt.DeviceCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Opens many {@link IdleDevice} connections to one broker: at a target rate (connect k starts at
 * k / rate seconds), at most {@code concurrency} connects in progress, each bound to a source
 * address from 127.0.0.1 to 127.0.0.{sources} in turn. A TCP connection is four numbers (source
 * address and port, destination address and port), and Linux has about 28,000 ephemeral ports
 * ({@code net.ipv4.ip_local_port_range}), so one source address reaches one broker port at most
 * ~28,000 times; the whole 127.0.0.0/8 is loopback on Linux, so more source addresses lift that.
 * With TLS the handshake verifies the server certificate against {@code caFile} for the name
 * {@code tlsHostName}. On Linux the connections use epoll with {@code IP_BIND_ADDRESS_NO_PORT}: a
 * plain bind to (address, port 0) makes the kernel search the bound ports for a free one, which
 * grew to most of the generator's CPU (system time) past a few thousand connections and cut the
 * connect rate from ~4,600/s to under 1,000/s; with the option the port is chosen at connect time
 * by the connection's four numbers. The calling thread paces; the connections live on an event loop group of
 * their own. Not thread-safe; {@link #close()} disconnects everything.
 */
final class DeviceFleet implements AutoCloseable {

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final InetSocketAddress broker;
    private final SslContext ssl;
    private final String tlsHostName;
    private final DeviceTally tally;
    private final List<IdleDevice> devices = new ArrayList<>();

    DeviceFleet(InetSocketAddress broker, int threads, Path caFile, String tlsHostName, DeviceTally tally) throws IOException {
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.broker = broker;
        this.ssl = caFile == null ? null : ClientTls.context(caFile);
        this.tlsHostName = tlsHostName;
        this.tally = tally;
        this.bootstrap = new Bootstrap().group(group).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
        if (epoll) {
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
    }

    /**
     * Connects every device, paced at {@code ratePerSecond} (0 = as fast as {@code concurrency}
     * allows), and waits until each has connected or failed.
     *
     * @return the elapsed nanoseconds from the first connect to the last outcome
     */
    long connectAll(List<DeviceCredentials> credentials, long ratePerSecond, int concurrency, int sources,
            int keepAliveSeconds, boolean subscribeC2d, Runnable progress) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        List<CompletableFuture<Boolean>> outcomes = new ArrayList<>(credentials.size());
        long start = System.nanoTime();
        long nextProgress = start + TimeUnit.SECONDS.toNanos(1);
        for (int k = 0; k < credentials.size(); k++) {
            if (System.nanoTime() >= nextProgress) {
                progress.run();
                nextProgress += TimeUnit.SECONDS.toNanos(1);
            }
            if (ratePerSecond > 0) {
                long due = start + k * 1_000_000_000L / ratePerSecond;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(Math.min(wait, 10_000_000L));
                }
            }
            while (!permits.tryAcquire(1, TimeUnit.SECONDS)) {
                progress.run();
                nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            }
            IdleDevice device = new IdleDevice(credentials.get(k), keepAliveSeconds, subscribeC2d, tally);
            devices.add(device);
            outcomes.add(device.ready());
            device.ready().whenComplete((ok, e) -> permits.release());
            InetSocketAddress source = new InetSocketAddress("127.0.0." + (1 + k % sources), 0);
            bootstrap.clone().handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel channel) {
                    if (ssl != null) {
                        channel.pipeline().addLast("tls", ssl.newHandler(channel.alloc(), tlsHostName, broker.getPort()));
                    }
                    channel.pipeline().addLast("mqttDecoder", new MqttDecoder());
                    channel.pipeline().addLast("mqttEncoder", MqttEncoder.INSTANCE);
                    channel.pipeline().addLast("device", device);
                }
            }).connect(broker, source).addListener(done -> {
                if (!done.isSuccess()) {
                    device.connectFailed(done.cause());
                }
            });
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new));
        while (!all.isDone()) {
            try {
                all.get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                progress.run();
            }
        }
        return System.nanoTime() - start;
    }

    @Override
    public void close() {
        devices.forEach(IdleDevice::disconnect);
        group.shutdownGracefully(200, 2_000, TimeUnit.MILLISECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
