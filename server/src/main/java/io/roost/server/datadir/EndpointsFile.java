package io.roost.server.datadir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roost.core.io.AtomicFile;
import io.roost.server.listener.BoundListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code {data-dir}/endpoints.json}: the listeners actually bound, so tools and tests that start
 * Roost with port 0 can find it. Written atomically (temp file, fsync, rename, fsync of the
 * directory) so a reader never sees half a file; present exactly while the server serves.
 *
 * <p>Format: {@code {"listeners":[{"name":"http","protocol":"http","tls":false,"address":"127.0.0.1","port":8080}]}}.
 *
 * <p>Not thread-safe: written and deleted from the server's lifecycle thread.
 */
public final class EndpointsFile implements AutoCloseable {

    public static final String FILE_NAME = "endpoints.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    private EndpointsFile(Path file) {
        this.file = file;
    }

    public static EndpointsFile write(Path dataDir, List<BoundListener> listeners) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        AtomicFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(listeners)));
        return new EndpointsFile(file);
    }

    private static ObjectNode toJson(List<BoundListener> listeners) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("listeners");
        for (BoundListener listener : listeners) {
            array.addObject()
                    .put("name", listener.name().key())
                    .put("protocol", listener.name().protocol())
                    .put("tls", listener.name().tls())
                    .put("address", listener.host())
                    .put("port", listener.port());
        }
        return root;
    }

    /** Removes the file: the listeners it names are going away. */
    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
