package io.roost.core.log.segment;

import io.roost.core.io.AtomicFile;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code log.properties}: what is fixed when a log is created (format version, partition count).
 * Written once, atomically; later opens read it and ignore a different configured count.
 */
record LogMetadata(int formatVersion, int partitions) {

    static final String FILE_NAME = "log.properties";
    static final int FORMAT_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(LogMetadata.class);

    static LogMetadata loadOrCreate(Path directory, int configuredPartitions) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            LogMetadata created = new LogMetadata(FORMAT_VERSION, configuredPartitions);
            String text = "formatVersion=" + FORMAT_VERSION + "\npartitions=" + configuredPartitions + "\n";
            AtomicFile.write(file, ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
            return created;
        }
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)));
        int version = Integer.parseInt(properties.getProperty("formatVersion", "0"));
        if (version != FORMAT_VERSION) {
            throw new IOException(file + " has log format version " + version + "; this Roost reads version "
                    + FORMAT_VERSION);
        }
        int partitions = Integer.parseInt(properties.getProperty("partitions"));
        if (partitions != configuredPartitions) {
            LOG.warn("the D2C log in {} was created with {} partitions; d2c.partitions={} applies only to new logs",
                    directory, partitions, configuredPartitions);
        }
        return new LogMetadata(version, partitions);
    }
}
