package io.roost.bench.amqp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Transport;

/**
 * One AMQP 1.0 connection: Proton-J's engine over a blocking TCP socket, pumped by the thread that
 * owns it (write what the engine has to say, read what the peer sent). SASL PLAIN with a user
 * name and a SAS token, or ANONYMOUS (then authenticate with a CBS put-token).
 * Not thread-safe: confined to one thread.
 */
final class ProtonSocket implements AutoCloseable {

    /** How long one read waits for the peer before the pump looks at the engine again. */
    private static final int READ_WAIT_MILLIS = 1;

    final Transport transport = Proton.transport();
    final Connection connection = Proton.connection();
    final Sasl sasl;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] readBuffer = new byte[256 * 1024];
    private byte[] writeBuffer = new byte[64 * 1024];
    private boolean peerClosed;

    /**
     * Connects and sends the SASL and AMQP headers and the open; does not wait for the peer.
     *
     * @param user null for SASL ANONYMOUS
     * @param hostName the AMQP open's hostname (the hub's host name)
     */
    ProtonSocket(InetSocketAddress address, String hostName, String user, String password, Duration connectTimeout)
            throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, (int) connectTimeout.toMillis());
        socket.setSoTimeout(READ_WAIT_MILLIS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        sasl = transport.sasl();
        sasl.client();
        if (user == null) {
            sasl.setMechanisms("ANONYMOUS");
        } else {
            sasl.plain(user, password);
        }
        connection.setContainer("roost-bench");
        connection.setHostname(hostName);
        transport.bind(connection);
        connection.open();
    }

    /**
     * Pumps until {@code condition} holds.
     *
     * @throws IOException when the peer closed the connection or the socket, or after {@code timeout}
     */
    void pumpUntil(BooleanSupplier condition, Duration timeout, String what) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            pump();
            if (condition.getAsBoolean()) {
                return;
            }
            if (peerClosed || connection.getRemoteState() == EndpointState.CLOSED) {
                throw new IOException(what + ": the peer closed the connection" + describeClose());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(what + ": no answer within " + timeout.toMillis() + " ms");
            }
        }
    }

    /** Writes pending output, then reads what arrived (waiting at most a millisecond) into the engine. */
    void pump() throws IOException {
        writeOutput();
        readInput();
        writeOutput();
    }

    boolean peerClosed() {
        return peerClosed;
    }

    /** The SASL outcome or the close condition, for an error message; empty when there is neither. */
    String describeClose() {
        if (sasl.getOutcome() == Sasl.SaslOutcome.PN_SASL_AUTH) {
            return " (SASL authentication failed)";
        }
        if (connection.getRemoteCondition() != null && connection.getRemoteCondition().getCondition() != null) {
            return " (" + connection.getRemoteCondition().getCondition() + ": "
                    + connection.getRemoteCondition().getDescription() + ")";
        }
        return "";
    }

    private void writeOutput() throws IOException {
        if (peerClosed) {
            return;
        }
        int pending;
        boolean wrote = false;
        while ((pending = transport.pending()) > 0) {
            if (writeBuffer.length < pending) {
                writeBuffer = new byte[Math.max(pending, writeBuffer.length * 2)];
            }
            // The head is a read-only view of the engine's output: copy it out.
            transport.head().duplicate().get(writeBuffer, 0, pending);
            transport.pop(pending);
            out.write(writeBuffer, 0, pending);
            wrote = true;
        }
        if (wrote) {
            out.flush();
        }
    }

    private void readInput() throws IOException {
        if (peerClosed) {
            return;
        }
        int read;
        try {
            read = in.read(readBuffer);
        } catch (SocketTimeoutException e) {
            return;
        } catch (IOException e) {
            peerClosed = true;
            return;
        }
        if (read < 0) {
            peerClosed = true;
            transport.close_tail();
            return;
        }
        int offset = 0;
        while (offset < read) {
            int capacity = transport.capacity();
            if (capacity <= 0) {
                throw new IOException("the AMQP engine takes no more input" + describeClose());
            }
            int length = Math.min(capacity, read - offset);
            transport.tail().put(readBuffer, offset, length);
            offset += length;
            transport.processInput().checkIsOk();
        }
    }

    /** Closes the connection politely (close frame, best effort) and the socket. */
    @Override
    public void close() {
        try {
            if (!peerClosed) {
                connection.close();
                writeOutput();
            }
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
