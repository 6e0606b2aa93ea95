package io.roost.server.datadir;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.server.config.ListenerName;
import io.roost.server.listener.BoundListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointsFileTest {

    @TempDir
    Path dir;

    @Test
    void write_whenListenersBound_thenJsonListsThemAndCloseDeletesIt() throws Exception {
        BoundListener http = new BoundListener(ListenerName.HTTP,
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 54321));

        EndpointsFile endpoints = EndpointsFile.write(dir, List.of(http));

        Path file = dir.resolve(EndpointsFile.FILE_NAME);
        assertThat(Files.readString(file).replaceAll("\\s", ""))
                .isEqualTo("{\"listeners\":[{\"name\":\"http\",\"protocol\":\"http\",\"tls\":false,\"address\":\"127.0.0.1\",\"port\":54321}]}");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
        endpoints.close();
        assertThat(file).doesNotExist();
    }

    @Test
    void banner_whenLoopback_thenUrlAndReach() throws Exception {
        BoundListener http = new BoundListener(ListenerName.HTTP,
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 54321));
        BoundListener any = new BoundListener(ListenerName.HTTPS, new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 443));

        assertThat(http.banner()).isEqualTo("listener http   http://127.0.0.1:54321  (plain, loopback)");
        assertThat(any.banner()).isEqualTo("listener https  https://0.0.0.0:443  (TLS, all interfaces)");
    }
}
