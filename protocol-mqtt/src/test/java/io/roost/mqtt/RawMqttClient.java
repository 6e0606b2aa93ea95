package io.roost.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A blocking MQTT client for tests on a real socket: writes packets encoded by Netty's encoder and
 * decodes what arrives with Netty's decoder, on the test thread. Not thread-safe.
 */
final class RawMqttClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder(MqttLimits.MAX_MESSAGE_BYTES));
    private final byte[] buffer = new byte[64 * 1024];

    RawMqttClient(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    void send(MqttMessage message) throws IOException {
        ByteBuf bytes = MqttFixture.bytes(message);
        byte[] array = new byte[bytes.readableBytes()];
        bytes.readBytes(array);
        bytes.release();
        out.write(array);
        out.flush();
    }

    /** The next packet from the server, or null when none arrives within {@code timeoutMillis}. */
    MqttMessage receive(int timeoutMillis) throws IOException {
        MqttMessage decoded = decoder.readInbound();
        if (decoded != null) {
            return decoded;
        }
        socket.setSoTimeout(timeoutMillis);
        try {
            while (decoded == null) {
                int read = in.read(buffer);
                if (read < 0) {
                    return null;
                }
                decoder.writeInbound(Unpooled.copiedBuffer(buffer, 0, read));
                decoded = decoder.readInbound();
            }
            return decoded;
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** Whether the server closed the connection within {@code timeoutMillis}. */
    boolean closedWithin(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            return in.read(buffer) < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Whether the server closed the connection within {@code timeoutMillis}, reading past what it still sends. */
    boolean closedWithinDiscarding(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        decoder.finishAndReleaseAll();
        socket.close();
    }
}
