package io.roost.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The HTTP pipeline on a real loopback socket with an ephemeral port, driven by the JDK's client. */
class HttpSocketTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void bind_whenPortZero_thenServesHealthAndMetricsOnTheBoundPort() throws Exception {
        try (LoopbackServer server = new LoopbackServer(healthAndMetrics())) {
            InetSocketAddress bound = server.address();

            assertThat(bound.getPort()).isPositive();
            HttpResponse<String> health = get(bound, "/health?api-version=2021-04-12");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"ready\"}");
            HttpResponse<String> metrics = get(bound, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type")).hasValue(MetricsRoute.CONTENT_TYPE);
            assertThat(metrics.body()).isEqualTo("up 1\n");
            assertThat(get(bound, "/missing").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void bind_whenAsyncRoute_thenReplyFromAWorkerThreadReachesTheClient() throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        Routes routes = Routes.builder()
                .addAsync(HttpMethod.PUT, "/devices/{id}", request -> CompletableFuture.supplyAsync(
                        () -> HttpReply.json(200, "{\"deviceId\":" + JsonText.quote(request.pathParam("id"))
                                + ",\"body\":" + JsonText.quote(request.bodyText()) + "}"), worker))
                .addAsync(HttpMethod.GET, "/devices/{id}", request -> CompletableFuture.failedFuture(
                        new RoostException(Status.NOT_FOUND, "DeviceNotFound", "no device " + request.pathParam("id"), null)))
                .build();
        try (LoopbackServer server = new LoopbackServer(new HttpChannelInitializer(routes,
                HttpChannelInitializer.DEFAULT_MAX_CONTENT_BYTES))) {
            InetSocketAddress bound = server.address();
            URI device = URI.create("http://127.0.0.1:" + bound.getPort() + "/devices/a%23b?api-version=2021-04-12");

            HttpResponse<String> put = client.send(HttpRequest.newBuilder(device).timeout(Duration.ofSeconds(5))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"x\":1}")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> get = client.send(HttpRequest.newBuilder(device).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(put.statusCode()).isEqualTo(200);
            assertThat(put.body()).isEqualTo("{\"deviceId\":\"a#b\",\"body\":\"{\\\"x\\\":1}\"}");
            assertThat(get.statusCode()).isEqualTo(404);
            assertThat(get.body()).isEqualTo("{\"errorCode\":\"DeviceNotFound\",\"message\":\"no device a#b\"}");
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void bodyLimit_whenRouteDeclaresOne_thenOnlyThatPathTakesLargeBodies() throws Exception {
        AsyncRouteHandler size = request -> CompletableFuture.completedFuture(
                HttpReply.json(200, "{\"bytes\":" + request.body().length + "}").withHeader("ETag", "\"e1\""));
        Routes routes = Routes.builder()
                .addAsync(HttpMethod.POST, "/devices/import", size)
                .bodyLimit("/devices/import", 4096, headers -> !headers.contains("X-Small"))
                .addAsync(HttpMethod.POST, "/devices/{id}", size)
                .addAsync(HttpMethod.DELETE, "/devices/{id}", request -> CompletableFuture.completedFuture(HttpReply.noContent()))
                .build();
        try (LoopbackServer server = new LoopbackServer(new HttpChannelInitializer(routes, 1024))) {
            InetSocketAddress bound = server.address();
            String base = "http://127.0.0.1:" + bound.getPort();
            String large = "x".repeat(3000);

            // One client, so the same keep-alive connection goes back and forth between limits.
            for (int round = 0; round < 2; round++) {
                HttpResponse<String> imported = post(base + "/devices/import?api-version=1", large);
                assertThat(imported.statusCode()).isEqualTo(200);
                assertThat(imported.body()).isEqualTo("{\"bytes\":3000}");
                assertThat(imported.headers().firstValue("etag")).hasValue("\"e1\"");
                assertThat(post(base + "/devices/d1", large).statusCode()).isEqualTo(413);
                assertThat(post(base + "/devices/d1", "small").body()).isEqualTo("{\"bytes\":5}");
                assertThat(post(base + "/devices/import", "y".repeat(5000)).statusCode()).isEqualTo(413);
                HttpResponse<String> notAdmitted = client.send(HttpRequest.newBuilder(URI.create(base + "/devices/import"))
                        .timeout(Duration.ofSeconds(5)).header("X-Small", "1").POST(HttpRequest.BodyPublishers.ofString(large)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(notAdmitted.statusCode()).as("a request the route does not admit keeps the default").isEqualTo(413);
            }
            HttpResponse<String> deleted = client.send(HttpRequest.newBuilder(URI.create(base + "/devices/d1"))
                    .timeout(Duration.ofSeconds(5)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(deleted.headers().firstValue("content-length")).isEmpty();
        }
    }

    private HttpResponse<String> post(String uri, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpChannelInitializer healthAndMetrics() {
        Routes routes = Routes.builder()
                .get(HealthRoute.PATH, new HealthRoute(() -> true))
                .get(MetricsRoute.PATH, new MetricsRoute(() -> "up 1\n"))
                .build();
        return new HttpChannelInitializer(routes, HttpChannelInitializer.DEFAULT_MAX_CONTENT_BYTES);
    }

    private HttpResponse<String> get(InetSocketAddress address, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + address.getPort() + path);
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
