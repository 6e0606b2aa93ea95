package io.roost.core.log.segment;

import io.roost.core.io.AtomicFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a partition's segments at start-up. Sealed segments and, after a clean shutdown, the active
 * one are trusted when their index file matches; any other segment is scanned record by record and
 * cut at its first torn or corrupt record (what was cut is logged). Leftovers of interrupted
 * deletions and metadata writes are removed.
 */
final class PartitionLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionLoader.class);

    private final SegmentLogConfig config;
    private int scannedSegments;

    PartitionLoader(SegmentLogConfig config) {
        this.config = config;
    }

    List<Segment> load(Path directory, int partition, boolean cleanShutdown) throws IOException {
        Files.createDirectories(directory);
        TreeMap<Long, Path> logFiles = listSegments(directory);
        List<Segment> segments = new ArrayList<>();
        int activeCapacity = PartitionLog.activeIndexCapacity(config);
        SegmentScanner scanner = new SegmentScanner(RecordFormat.maxRecordBytes(config.maxMessageBytes()),
                config.indexIntervalBytes(), activeCapacity);
        long expectedBase = -1;
        for (var entry : logFiles.entrySet()) {
            long baseOffset = entry.getKey();
            Path logPath = entry.getValue();
            boolean isLast = baseOffset == logFiles.lastKey();
            if (expectedBase >= 0 && baseOffset != expectedBase) {
                LOG.warn("partition {}: segment {} starts at offset {} but the previous one ends before {}",
                        partition, logPath.getFileName(), baseOffset, expectedBase);
            }
            FileChannel channel = FileChannel.open(logPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long fileBytes = channel.size();
            SegmentState state = (!isLast || cleanShutdown)
                    ? IndexFile.read(Segment.indexPathOf(logPath), baseOffset, fileBytes) : null;
            boolean scanned = state == null;
            if (scanned) {
                scannedSegments++;
                state = scanner.scan(channel, baseOffset);
                reportCut(partition, logPath, state, fileBytes);
                if (!isLast) {
                    state = new SegmentState(state.baseOffset(), state.validBytes(), state.nextOffset(),
                            state.firstTimestamp(), state.maxTimestamp(), state.index().trimmed());
                }
            } else if (isLast) {
                state = withCapacity(state, activeCapacity);
            }
            Segment segment = Segment.open(logPath, channel, state);
            if (scanned && !isLast) {
                IndexFile.write(Segment.indexPathOf(logPath), segment.state());
            }
            segments.add(segment);
            expectedBase = state.nextOffset();
        }
        if (segments.isEmpty()) {
            segments.add(Segment.create(directory, 0, activeCapacity));
            AtomicFile.fsyncDirectory(directory);
        }
        return segments;
    }

    /** Segments read record by record so far (their index was missing, damaged or not trusted). */
    int scannedSegments() {
        return scannedSegments;
    }

    private static void reportCut(int partition, Path logPath, SegmentState state, long fileBytes) {
        if (state.validBytes() < fileBytes) {
            LOG.warn("partition {}: recovery cut {} bytes of torn or corrupt data from {} after offset {}; "
                            + "the log continues at offset {}",
                    partition, fileBytes - state.validBytes(), logPath.getFileName(), state.nextOffset() - 1,
                    state.nextOffset());
        } else {
            LOG.info("partition {}: recovered {} ({} records, {} bytes)", partition, logPath.getFileName(),
                    state.nextOffset() - state.baseOffset(), state.validBytes());
        }
    }

    private static SegmentState withCapacity(SegmentState state, int capacity) {
        SparseIndex index = new SparseIndex(Math.max(capacity, state.index().size() + 1));
        SparseIndex loaded = state.index();
        for (int i = 0; i < loaded.size(); i++) {
            index.add(loaded.offsetAt(i), loaded.positionAt(i), loaded.timestampAt(i));
        }
        return new SegmentState(state.baseOffset(), state.validBytes(), state.nextOffset(), state.firstTimestamp(),
                state.maxTimestamp(), index);
    }

    /** Segment files by base offset; removes files left by interrupted deletions or writes. */
    private static TreeMap<Long, Path> listSegments(Path directory) throws IOException {
        TreeMap<Long, Path> logFiles = new TreeMap<>();
        List<Path> indexFiles = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(Segment.DELETED_SUFFIX) || name.endsWith(".tmp")) {
                    Files.delete(file);
                } else if (name.matches("\\d{20}\\" + Segment.LOG_SUFFIX)) {
                    logFiles.put(Long.parseLong(name.substring(0, 20)), file);
                } else if (name.endsWith(Segment.INDEX_SUFFIX)) {
                    indexFiles.add(file);
                }
            }
        }
        for (Path index : indexFiles) {
            String name = index.getFileName().toString();
            if (!Files.exists(index.resolveSibling(name.replace(Segment.INDEX_SUFFIX, Segment.LOG_SUFFIX)))) {
                Files.delete(index);
            }
        }
        return logFiles;
    }
}
