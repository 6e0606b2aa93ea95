package io.roost.core.log.segment;

import io.roost.core.io.AtomicFile;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.core.log.ConsumerGroups;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Consumer groups kept as one small text file per group ({@code {group}.checkpoint}: one line
 * {@code partition offset} per checkpointed partition), each replaced atomically on every
 * checkpoint. Thread-safe: writes of one group are serialized on its state.
 */
final class FileConsumerGroups implements ConsumerGroups {

    private static final String SUFFIX = ".checkpoint";
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9$_.-]{1,64}");
    private static final long NONE = -1;

    private final Path directory;
    private final int partitions;
    private final ConcurrentHashMap<String, long[]> checkpoints = new ConcurrentHashMap<>();

    private FileConsumerGroups(Path directory, int partitions) {
        this.directory = directory;
        this.partitions = partitions;
    }

    static FileConsumerGroups open(Path directory, int partitions) throws IOException {
        Files.createDirectories(directory);
        FileConsumerGroups groups = new FileConsumerGroups(directory, partitions);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                groups.checkpoints.put(name.substring(0, name.length() - SUFFIX.length()), groups.parse(file));
            }
        }
        groups.create(DEFAULT_GROUP);
        return groups;
    }

    @Override
    public Set<String> groups() {
        return new TreeSet<>(checkpoints.keySet());
    }

    @Override
    public void create(String group) {
        requireValidName(group);
        checkpoints.computeIfAbsent(group, name -> {
            long[] offsets = new long[partitions];
            Arrays.fill(offsets, NONE);
            persist(name, offsets);
            return offsets;
        });
    }

    @Override
    public void delete(String group) {
        if (DEFAULT_GROUP.equals(group)) {
            throw new RoostException(Status.BAD_REQUEST, "the " + DEFAULT_GROUP + " consumer group cannot be deleted");
        }
        checkpoints.computeIfPresent(group, (name, offsets) -> {
            try {
                Files.deleteIfExists(fileOf(name));
                AtomicFile.fsyncDirectory(directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    @Override
    public void checkpoint(String group, int partition, long nextOffset) {
        requirePartition(partition);
        if (nextOffset < 0) {
            throw new RoostException(Status.BAD_REQUEST, "a checkpoint offset must be >= 0");
        }
        long[] offsets = checkpoints.get(group);
        if (offsets == null) {
            throw new RoostException(Status.NOT_FOUND, "no consumer group named " + group);
        }
        synchronized (offsets) {
            offsets[partition] = nextOffset;
            persist(group, offsets);
        }
    }

    @Override
    public OptionalLong checkpointOf(String group, int partition) {
        requirePartition(partition);
        long[] offsets = checkpoints.get(group);
        if (offsets == null) {
            throw new RoostException(Status.NOT_FOUND, "no consumer group named " + group);
        }
        synchronized (offsets) {
            return offsets[partition] == NONE ? OptionalLong.empty() : OptionalLong.of(offsets[partition]);
        }
    }

    private void persist(String group, long[] offsets) {
        StringBuilder text = new StringBuilder();
        for (int partition = 0; partition < offsets.length; partition++) {
            if (offsets[partition] != NONE) {
                text.append(partition).append(' ').append(offsets[partition]).append('\n');
            }
        }
        try {
            AtomicFile.write(fileOf(group), ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new RoostException(Status.INTERNAL_ERROR, "could not store the checkpoint of group " + group, e);
        }
    }

    private long[] parse(Path file) throws IOException {
        long[] offsets = new long[partitions];
        Arrays.fill(offsets, NONE);
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String[] fields = line.trim().split(" ");
            if (fields.length == 2) {
                int partition = Integer.parseInt(fields[0]);
                if (partition >= 0 && partition < partitions) {
                    offsets[partition] = Long.parseLong(fields[1]);
                }
            }
        }
        return offsets;
    }

    private Path fileOf(String group) {
        return directory.resolve(group + SUFFIX);
    }

    private static void requireValidName(String group) {
        if (group == null || !VALID_NAME.matcher(group).matches() || group.equals(".") || group.equals("..")) {
            throw new RoostException(Status.BAD_REQUEST,
                    "a consumer group name is 1-64 letters, digits, '$', '_', '.' or '-': " + group);
        }
    }

    private void requirePartition(int partition) {
        if (partition < 0 || partition >= partitions) {
            throw new RoostException(Status.BAD_REQUEST,
                    "partition " + partition + " does not exist; partitions are 0-" + (partitions - 1));
        }
    }
}
