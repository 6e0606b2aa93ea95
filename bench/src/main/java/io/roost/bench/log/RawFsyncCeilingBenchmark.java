package io.roost.bench.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ceiling for durable appends on this disk: one {@code FileChannel.write} of a batch of
 * records followed by one {@code force(false)}, in a loop, appending to a file that rolls every
 * 64 MB like a segment. Records have the size the log gives a message of {@code bodyBytes}; the
 * batches of 1, 64 and 1,024 records match what that many appends in flight could at best give one
 * fsync. Each method counts records, so scores are records/s; MB/s = score x record bytes.
 *
 * <p>State is per thread: run with {@code -t 4} for four writers, each on its own file, as the
 * log's four partition appenders are.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class RawFsyncCeilingBenchmark {

    private static final long FILE_BYTES = 64L * 1024 * 1024;

    @Param({"200", "4096"})
    public int bodyBytes;

    private Path directory;
    private FileChannel channel;
    private long fileBytes;
    private int fileCount;
    private ByteBuffer batchOf1;
    private ByteBuffer batchOf64;
    private ByteBuffer batchOf1024;

    @Setup(Level.Trial)
    public void openFile() throws IOException {
        directory = BenchDirectory.createForTrial("raw-fsync-");
        int recordBytes = Workload.recordBytes(bodyBytes);
        System.out.printf("[raw] body=%d B record=%d B%n", bodyBytes, recordBytes);
        batchOf1 = randomBuffer(recordBytes);
        batchOf64 = randomBuffer(64 * recordBytes);
        batchOf1024 = randomBuffer(1024 * recordBytes);
        roll();
    }

    @Benchmark
    @OperationsPerInvocation(1)
    public void batchOf1() throws IOException {
        writeAndForce(batchOf1);
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public void batchOf64() throws IOException {
        writeAndForce(batchOf64);
    }

    @Benchmark
    @OperationsPerInvocation(1024)
    public void batchOf1024() throws IOException {
        writeAndForce(batchOf1024);
    }

    @TearDown(Level.Trial)
    public void closeFile() throws IOException {
        channel.close();
        BenchDirectory.delete(directory);
    }

    private void writeAndForce(ByteBuffer batch) throws IOException {
        if (fileBytes + batch.capacity() > FILE_BYTES) {
            roll();
        }
        batch.clear();
        while (batch.hasRemaining()) {
            channel.write(batch);
        }
        channel.force(false);
        fileBytes += batch.capacity();
    }

    /** Starts the next file and makes its directory entry durable, as a segment roll does. */
    private void roll() throws IOException {
        if (channel != null) {
            channel.close();
        }
        channel = FileChannel.open(directory.resolve(String.format("%020d.log", fileCount++)),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        fileBytes = 0;
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static ByteBuffer randomBuffer(int bytes) {
        byte[] content = new byte[bytes];
        new Random(42).nextBytes(content);
        return ByteBuffer.allocateDirect(bytes).put(content);
    }
}
