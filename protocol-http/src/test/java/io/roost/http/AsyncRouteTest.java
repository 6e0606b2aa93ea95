package io.roost.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Routes whose reply comes later: ordering, errors, path parameters, closed connections. */
class AsyncRouteTest {

    /** Every call's request and the future the test completes when it likes. */
    private final List<RouteRequest> requests = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<HttpReply>> pending = new CopyOnWriteArrayList<>();

    private final EmbeddedChannel channel = new EmbeddedChannel(new HttpChannelInitializer(Routes.builder()
            .get(HealthRoute.PATH, new HealthRoute(() -> true))
            .addAsync(HttpMethod.PUT, "/devices/{id}", this::later)
            .addAsync(HttpMethod.GET, "/devices/{id}", this::later)
            .addAsync(HttpMethod.GET, "/devices", request -> CompletableFuture.completedFuture(
                    HttpReply.json(200, "[\"" + request.queryParam("top").orElse("all") + "\"]")))
            .addAsync(HttpMethod.DELETE, "/devices/{id}", request -> {
                throw new IllegalStateException("secret detail");
            })
            .build(), 1024));

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    private CompletableFuture<HttpReply> later(RouteRequest request) {
        requests.add(request);
        CompletableFuture<HttpReply> reply = new CompletableFuture<>();
        pending.add(reply);
        return reply;
    }

    @Test
    void handle_whenFutureCompletesLater_thenRepliesThenAndReadsAgain() throws Exception {
        String none = exchange("PUT /devices/dev1?api-version=2021-04-12 HTTP/1.1\r\nHost: h\r\n"
                + "Authorization: SharedAccessSignature sr=x\r\nIf-Match: \"e1\"\r\nContent-Length: 2\r\n\r\n{}");

        assertThat(none).isEmpty();
        assertThat(channel.config().isAutoRead()).as("no reading while a reply is pending").isFalse();

        Thread worker = new Thread(() -> pending.get(0).complete(HttpReply.json(201, "{\"deviceId\":\"dev1\"}")));
        worker.start();
        worker.join();

        assertThat(exchange("")).startsWith("HTTP/1.1 201 Created\r\n").endsWith("{\"deviceId\":\"dev1\"}");
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(channel.isOpen()).isTrue();
        RouteRequest request = requests.get(0);
        assertThat(request.method()).isEqualTo(HttpMethod.PUT);
        assertThat(request.pathParam("id")).isEqualTo("dev1");
        assertThat(request.queryParam("api-version")).hasValue("2021-04-12");
        assertThat(request.header("authorization")).hasValue("SharedAccessSignature sr=x");
        assertThat(request.header("If-Match")).hasValue("\"e1\"");
        assertThat(request.bodyText()).as("the body outlives the released request").isEqualTo("{}");
    }

    @Test
    void handle_whenIdHasEncodedHashQuestionMarkAndPlus_thenDecodedParameter() {
        exchange("GET /devices/a%23b%3Fc+d%27%24?x=a+b%26c HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(requests.get(0).pathParam("id")).isEqualTo("a#b?c+d'$");
        assertThat(requests.get(0).queryParam("x")).hasValue("a b&c");
    }

    @Test
    void handle_whenPathHasBadEscape_then400AndConnectionKept() {
        String response = exchange("GET /devices/a%zz HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("\"errorCode\":\"BadRequest\"");
        assertThat(channel.isOpen()).isTrue();
        assertThat(requests).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Status.class)
    void handle_whenFutureFailsWithRoostException_thenItsStatusAndJsonError(Status status) {
        exchange("GET /devices/d1 HTTP/1.1\r\nHost: h\r\n\r\n");
        pending.get(0).completeExceptionally(new RoostException(status, "because \"d1\""));

        String response = exchange("");

        assertThat(response).startsWith("HTTP/1.1 " + status.code() + " ")
                .endsWith("{\"errorCode\":\"" + status.errorCode() + "\",\"message\":\"because \\\"d1\\\"\"}");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void handle_whenRoostExceptionHasItsOwnCode_thenThatCode() {
        exchange("GET /devices/d1 HTTP/1.1\r\nHost: h\r\n\r\n");
        pending.get(0).completeExceptionally(new RoostException(Status.NOT_FOUND, "DeviceNotFound", "no device d1", null));

        assertThat(exchange("")).startsWith("HTTP/1.1 404 Not Found\r\n")
                .endsWith("{\"errorCode\":\"DeviceNotFound\",\"message\":\"no device d1\"}");
        assertThat(Status.PRECONDITION_FAILED.errorCode()).isEqualTo("PreconditionFailed");
        assertThat(Status.UNAUTHORIZED.errorCode()).isEqualTo("Unauthorized");
    }

    @Test
    void handle_whenFutureFailsWithAnythingElse_then500WithoutDetail() {
        exchange("GET /devices/d1 HTTP/1.1\r\nHost: h\r\n\r\n");
        pending.get(0).completeExceptionally(new IllegalStateException("secret detail"));

        assertThat(exchange("")).startsWith("HTTP/1.1 500 Internal Server Error\r\n")
                .endsWith("{\"errorCode\":\"InternalError\",\"message\":\"internal error\"}")
                .doesNotContain("secret");
    }

    @Test
    void handle_whenHandlerThrowsInsteadOfReturning_then500WithoutDetail() {
        assertThat(exchange("DELETE /devices/d1 HTTP/1.1\r\nHost: h\r\n\r\n"))
                .startsWith("HTTP/1.1 500 Internal Server Error\r\n").doesNotContain("secret");
    }

    @Test
    void handle_whenFutureAlreadyComplete_thenAnsweredAtOnceWithQuery() {
        assertThat(exchange("GET /devices?top=5&api-version=2021-04-12 HTTP/1.1\r\nHost: h\r\n\r\n"))
                .startsWith("HTTP/1.1 200 OK\r\n").endsWith("[\"5\"]");
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void handle_whenPipelinedRequests_thenAnsweredInRequestOrder() {
        String first = exchange("GET /devices/one HTTP/1.1\r\nHost: h\r\n\r\n"
                + "GET /health HTTP/1.1\r\nHost: h\r\n\r\n"
                + "GET /devices/three HTTP/1.1\r\nHost: h\r\n\r\n"
                + "GET /devices?top=4 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(first).as("nothing overtakes the pending first reply").isEmpty();
        assertThat(requests).hasSize(1);

        pending.get(0).complete(HttpReply.json(200, "\"one\""));
        String second = exchange("");
        assertThat(second).as("first reply, then the health check, then wait for the third")
                .startsWith("HTTP/1.1 200 OK").contains("\"one\"").endsWith("{\"status\":\"ready\"}");
        assertThat(requests).hasSize(2);

        pending.get(1).complete(HttpReply.json(200, "\"three\""));
        String rest = exchange("");
        assertThat(rest.indexOf("\"three\"")).isPositive().isLessThan(rest.indexOf("[\"4\"]"));
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void handle_whenConnectionClosesBeforeTheReply_thenNothingIsWritten() {
        exchange("GET /devices/d1 HTTP/1.1\r\nHost: h\r\n\r\n");
        channel.close();

        pending.get(0).complete(HttpReply.json(200, "{}"));

        assertThat(exchange("")).isEmpty();
    }

    @Test
    void handle_whenConnectionCloseRequested_thenClosedAfterTheLateReply() {
        exchange("GET /devices/d1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        pending.get(0).complete(HttpReply.json(200, "{}"));

        assertThat(exchange("")).startsWith("HTTP/1.1 200 OK\r\n").contains("connection: close\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    private String exchange(String request) {
        if (!request.isEmpty()) {
            channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        }
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
