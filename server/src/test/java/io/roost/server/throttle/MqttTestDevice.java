package io.roost.server.throttle;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device for throughput tests on a real socket: sends QoS 1 PUBLISHes encoded by Netty's
 * encoder and notes when each PUBACK arrives, on a reader thread of its own. {@link #send} is
 * called from one thread at a time.
 */
final class MqttTestDevice implements AutoCloseable {

    private final String deviceId;
    private final Socket socket;
    private final OutputStream out;
    private final ConcurrentLinkedQueue<Long> ackNanos = new ConcurrentLinkedQueue<>();
    private final AtomicInteger acks = new AtomicInteger();
    private final CompletableFuture<Integer> connAck = new CompletableFuture<>();
    private final Thread reader;
    private int packetId;

    MqttTestDevice(InetSocketAddress address, String host, String deviceId, String token) throws IOException {
        this.deviceId = deviceId;
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        reader = new Thread(this::read, "acks-" + deviceId);
        reader.setDaemon(true);
        reader.start();
        write(MqttMessageBuilders.connect().clientId(deviceId).protocolVersion(MqttVersion.MQTT_3_1_1)
                .username(host + "/" + deviceId + "/?api-version=2021-04-12")
                .password(token.getBytes(StandardCharsets.UTF_8)).cleanSession(true).keepAlive(300).build());
    }

    /** The CONNACK return code, waiting up to 10 s. */
    int connAckCode() throws Exception {
        return connAck.get(10, TimeUnit.SECONDS);
    }

    void send(int bodyBytes) throws IOException {
        packetId = packetId % 65535 + 1;
        write(MqttMessageBuilders.publish().topicName("devices/" + deviceId + "/messages/events/")
                .qos(MqttQoS.AT_LEAST_ONCE).messageId(packetId).payload(Unpooled.wrappedBuffer(new byte[bodyBytes]))
                .build());
    }

    int acknowledged() {
        return acks.get();
    }

    /** PUBACKs that arrived from {@code fromNanos} (inclusive) to {@code toNanos} (exclusive). */
    long acknowledgedBetween(long fromNanos, long toNanos) {
        return ackNanos.stream().filter(t -> t - fromNanos >= 0 && t - toNanos < 0).count();
    }

    private void write(MqttMessage message) throws IOException {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(message);
        for (ByteBuf part; (part = encoder.readOutbound()) != null; ) {
            byte[] bytes = new byte[part.readableBytes()];
            part.readBytes(bytes);
            part.release();
            out.write(bytes);
        }
        encoder.finishAndReleaseAll();
        out.flush();
    }

    private void read() {
        EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder());
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = socket.getInputStream()) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                decoder.writeInbound(Unpooled.copiedBuffer(buffer, 0, read));
                for (MqttMessage message; (message = decoder.readInbound()) != null; ) {
                    if (message.fixedHeader().messageType() == MqttMessageType.PUBACK) {
                        ackNanos.add(System.nanoTime());
                        acks.incrementAndGet();
                    } else if (message instanceof MqttConnAckMessage reply) {
                        connAck.complete((int) reply.variableHeader().connectReturnCode().byteValue());
                    }
                }
            }
        } catch (IOException e) {
            // The test closed the socket, or the server did: the reader ends either way.
        } finally {
            connAck.complete(-1);
            decoder.finishAndReleaseAll();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
