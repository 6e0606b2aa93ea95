package io.roost.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A server-sent event stream on a real loopback socket: head, events from another thread, end on client close. */
class EventStreamSocketTest {

    @Test
    void eventStream_thenChunkedEventsUntilTheClientCloses() throws Exception {
        CompletableFuture<EventSink> started = new CompletableFuture<>();
        Routes routes = Routes.builder()
                .addAsync(HttpMethod.GET, "/events", request -> CompletableFuture.supplyAsync(
                        () -> HttpReply.eventStream(started::complete)))
                .build();
        try (LoopbackServer server = new LoopbackServer(new HttpChannelInitializer(routes,
                HttpChannelInitializer.DEFAULT_MAX_CONTENT_BYTES));
                Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            EventSink sink = started.get(10, java.util.concurrent.TimeUnit.SECONDS);
            // From a thread that is not the event loop, as the operations log's writer does it.
            CompletableFuture.runAsync(() -> {
                assertThat(sink.send("1", "{\"a\":1}\nsecond")).isTrue();
                assertThat(sink.comment("heartbeat")).isTrue();
            }).join();
            // A request on a streaming connection is ignored, not answered in the middle of the stream.
            socket.getOutputStream().write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            sink.send("2", "last");

            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line; (line = in.readLine()) != null && !line.equals("data: last"); ) {
                lines.add(line);
            }
            assertThat(lines.get(0)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(lines).contains("content-type: text/event-stream; charset=utf-8", "transfer-encoding: chunked",
                    "id: 1", "data: {\"a\":1}", "data: second", ": heartbeat", "id: 2");
            assertThat(lines).filteredOn(line -> line.startsWith("HTTP/")).hasSize(1);
            assertThat(sink.isOpen()).isTrue();

            socket.close();
            assertThat(sink.closed()).succeedsWithin(Duration.ofSeconds(10));
            assertThat(sink.isOpen()).isFalse();
            assertThat(sink.send("3", "after close")).isFalse();
        }
    }
}
