package io.roost.server.ipfilter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A plain TCP client bound to a chosen source address of 127.0.0.0/8 (Linux routes the whole block
 * to the loopback interface), which writes some bytes and reports what the server did: answered,
 * closed, or neither within the timeout. The JDK's HTTP client cannot pick its source address.
 */
final class SourceBoundSocket {

    /** What the server did after the bytes were written. */
    record Outcome(boolean closed, byte[] answer) {

        String text() {
            return new String(answer, StandardCharsets.ISO_8859_1);
        }
    }

    private SourceBoundSocket() {
    }

    /**
     * Connects from {@code source} to {@code target}, writes {@code bytes} (none: write nothing) and
     * reads until the first {@code wanted} bytes arrived, the server closed (EOF or reset), or the
     * timeout passed.
     */
    static Outcome exchange(String source, InetSocketAddress target, byte[] bytes, int wanted, int timeoutMillis)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(target, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                if (bytes.length > 0) {
                    socket.getOutputStream().write(bytes);
                    socket.getOutputStream().flush();
                }
                InputStream in = socket.getInputStream();
                while (answer.size() < wanted) {
                    int next = in.read();
                    if (next < 0) {
                        return new Outcome(true, answer.toByteArray());
                    }
                    answer.write(next);
                }
                return new Outcome(false, answer.toByteArray());
            } catch (SocketTimeoutException e) {
                return new Outcome(false, answer.toByteArray());
            } catch (SocketException e) {
                // A close with our bytes still unread makes the server's kernel answer with a reset.
                return new Outcome(true, answer.toByteArray());
            }
        }
    }

    /** An MQTT 3.1.1 CONNECT (clean session, user name and password) for a device that does not exist. */
    static byte[] mqttConnect() {
        byte[] variableAndPayload = concat(
                new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xC2, 0, 60},
                utf8("nobody"), utf8("localhost/nobody/?api-version=2021-04-12"), utf8("not-a-token"));
        return concat(new byte[] {0x10, (byte) variableAndPayload.length}, variableAndPayload);
    }

    /** The AMQP 1.0 protocol header asking for the SASL layer (AMQP 1.0 section 5.3.2). */
    static byte[] amqpSaslHeader() {
        return new byte[] {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    }

    static byte[] httpGetHealth() {
        return "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {(byte) (bytes.length >> 8), (byte) bytes.length}, bytes);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
