package io.roost.bench.amqp;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import org.apache.qpid.proton.codec.WritableBuffer;
import org.apache.qpid.proton.message.Message;

/**
 * Encodes AMQP messages into a buffer that grows when a message does not fit, so the sending loop
 * allocates only when the largest message so far grows. Not thread-safe: one per sending thread.
 */
final class AmqpMessageEncoder {

    private ByteBuffer buffer = ByteBuffer.allocate(4096);

    /** Encodes {@code message}; the bytes are {@code array()[0..length)} until the next call. */
    int encode(Message message) {
        while (true) {
            buffer.clear();
            try {
                message.encode(new WritableBuffer.ByteBufferWrapper(buffer));
                return buffer.position();
            } catch (BufferOverflowException e) {
                buffer = ByteBuffer.allocate(buffer.capacity() * 2);
            }
        }
    }

    byte[] array() {
        return buffer.array();
    }
}
