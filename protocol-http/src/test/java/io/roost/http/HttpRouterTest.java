package io.roost.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Byte-level tests of the HTTP pipeline: raw request bytes in, raw response bytes out. */
class HttpRouterTest {

    private static final int MAX_CONTENT_BYTES = 64;

    private final AtomicBoolean ready = new AtomicBoolean(true);
    private final EmbeddedChannel channel = new EmbeddedChannel(new HttpChannelInitializer(Routes.builder()
            .get(HealthRoute.PATH, new HealthRoute(ready::get))
            .get(MetricsRoute.PATH, new MetricsRoute(() -> "# TYPE up gauge\nup 1\n"))
            .add(HttpMethod.POST, "/boom", request -> {
                throw new IllegalStateException("secret detail");
            })
            .build(), MAX_CONTENT_BYTES));

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    @Test
    void decode_whenHealthAndReady_then200Ready() {
        String response = exchange("GET /health HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("content-type: application/json; charset=utf-8\r\n")
                .endsWith("\r\n\r\n{\"status\":\"ready\"}");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void decode_whenHealthAndNotReady_then503Starting() {
        ready.set(false);

        String response = exchange("GET /health HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 503 Service Unavailable\r\n").endsWith("{\"status\":\"starting\"}");
    }

    @Test
    void decode_whenQueryString_thenRoutedByPathOnly() {
        String response = exchange("GET /health?api-version=2021-04-12 HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
    }

    @Test
    void decode_whenAbsoluteFormTarget_thenRoutedByPath() {
        String response = exchange("GET https://hub.example:443/health?x=1 HTTP/1.1\r\nHost: hub.example\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
    }

    @Test
    void decode_whenMetrics_thenPrometheusTextFormat() {
        String response = exchange("GET /metrics HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("content-type: text/plain; version=0.0.4; charset=utf-8\r\n")
                .endsWith("up 1\n");
    }

    @Test
    void decode_whenUnknownPath_then404WithJsonError() {
        String response = exchange("GET /nope HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 404 Not Found\r\n")
                .endsWith("{\"errorCode\":\"NotFound\",\"message\":\"no resource at /nope\"}");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void decode_whenWrongMethod_then405WithAllow() {
        String response = exchange("DELETE /health HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 405 Method Not Allowed\r\n")
                .contains("allow: GET\r\n")
                .contains("\"errorCode\":\"MethodNotAllowed\"");
    }

    @Test
    void decode_whenMalformedRequestLine_then400AndClose() {
        String response = exchange("GET /health HTTX/9.x\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("\"errorCode\":\"BadRequest\"");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void decode_whenHeaderLineTooLong_then400AndClose() {
        String response = exchange("GET /health HTTP/1.1\r\nX-Big: " + "a".repeat(HttpChannelInitializer.MAX_HEADER_BYTES + 1)
                + "\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void decode_whenBodyLargerThanLimit_then413BeforeBuffering() {
        String response = exchange("POST /boom HTTP/1.1\r\nHost: h\r\nContent-Length: " + (MAX_CONTENT_BYTES + 1) + "\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n")
                .contains("content-type: application/json; charset=utf-8\r\n")
                .endsWith("{\"errorCode\":\"MessageTooLarge\",\"message\":\"the request body may have at most "
                        + MAX_CONTENT_BYTES + " bytes\"}");
        assertThat(channel.isOpen()).as("keep-alive: the rest of the body is skipped, the connection kept").isTrue();
    }

    @Test
    void decode_whenBodyTooLargeAndConnectionClose_then413AndClose() {
        String response = exchange("POST /boom HTTP/1.1\r\nHost: h\r\nConnection: close\r\nContent-Length: "
                + (MAX_CONTENT_BYTES + 1) + "\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n")
                .contains("connection: close\r\n")
                .contains("\"errorCode\":\"MessageTooLarge\"");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void decode_whenTemplateRouteHasASmallerLimit_then413AtThatLimitOnlyThere() {
        EmbeddedChannel limited = new EmbeddedChannel(new HttpChannelInitializer(Routes.builder()
                .add(HttpMethod.POST, "/devices/{id}/messages", request -> HttpReply.json(201, "{}"))
                .bodyLimit("/devices/{id}/messages", 8, headers -> true)
                .add(HttpMethod.POST, "/devices/{id}", request -> HttpReply.json(200, "{}"))
                .build(), MAX_CONTENT_BYTES));
        try {
            String tooLarge = exchange(limited, "POST /devices/d1/messages HTTP/1.1\r\nHost: h\r\nContent-Length: 9\r\n\r\n"
                    + "123456789");
            assertThat(tooLarge).startsWith("HTTP/1.1 413 ").contains("at most 8 bytes");

            String fits = exchange(limited, "POST /devices/d1/messages HTTP/1.1\r\nHost: h\r\nContent-Length: 8\r\n\r\n12345678");
            assertThat(fits).startsWith("HTTP/1.1 201 Created\r\n");

            String otherRoute = exchange(limited, "POST /devices/d1 HTTP/1.1\r\nHost: h\r\nContent-Length: 9\r\n\r\n123456789");
            assertThat(otherRoute).as("the default limit elsewhere").startsWith("HTTP/1.1 200 OK\r\n");
        } finally {
            limited.finishAndReleaseAll();
        }
    }

    @Test
    void decode_whenRouteFails_then500WithoutDetail() {
        String response = exchange("POST /boom HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 500 Internal Server Error\r\n")
                .endsWith("{\"errorCode\":\"InternalError\",\"message\":\"internal error\"}")
                .doesNotContain("secret");
    }

    @Test
    void decode_whenTwoRequestsOnOneConnection_thenBothAnsweredAndKeptOpen() {
        String response = exchange("GET /health HTTP/1.1\r\nHost: h\r\n\r\nGET /nope HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(response).contains("HTTP/1.1 200 OK\r\n").contains("HTTP/1.1 404 Not Found\r\n");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void decode_whenHttp10WithoutKeepAlive_thenClosedAfterResponse() {
        String response = exchange("GET /health HTTP/1.0\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("connection: close\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void decode_whenConnectionClose_thenClosedAfterResponse() {
        String response = exchange("GET /health HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("connection: close\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void quote_whenControlAndQuoteCharacters_thenEscaped() {
        assertThat(JsonText.quote("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
    }

    private String exchange(String request) {
        return exchange(channel, request);
    }

    private static String exchange(EmbeddedChannel channel, String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            ByteBuf bytes = (ByteBuf) message;
            out.append(bytes.toString(StandardCharsets.UTF_8));
            bytes.release();
        }
        return out.toString();
    }
}
