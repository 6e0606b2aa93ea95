package io.roost.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.roost.registry.policy.HubIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-then-replace with {@code If-Match} against a scripted registry that loses races on purpose,
 * which a real server cannot be made to do on demand.
 */
class StatusChangeTest {

    @TempDir
    Path dataDir;

    private HttpServer stub;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger gets = new AtomicInteger();
    private final AtomicInteger preconditionFailuresLeft = new AtomicInteger();

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/devices/", this::handle);
        stub.start();
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        requests.add(method + " " + exchange.getRequestHeaders().getFirst("If-Match"));
        exchange.getRequestBody().readAllBytes();
        if (method.equals("GET")) {
            int n = gets.incrementAndGet();
            reply(exchange, 200, "{\"deviceId\":\"dev1\",\"etag\":\"e" + n + "\",\"status\":\"enabled\","
                    + "\"authentication\":{\"type\":\"sas\",\"symmetricKey\":{\"primaryKey\":null}}}");
        } else if (preconditionFailuresLeft.getAndDecrement() > 0) {
            reply(exchange, 412, "{\"errorCode\":\"PreconditionFailed\",\"message\":\"etag mismatch\"}");
        } else {
            reply(exchange, 200, "{\"deviceId\":\"dev1\",\"etag\":\"new\",\"status\":\"disabled\"}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private RegistryClient client() throws Exception {
        HubIdentity.loadOrCreate(dataDir, "localhost");
        URI url = URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
        return new RegistryClient(url, HubKeys.fromDataDir(dataDir), Clock.systemUTC());
    }

    @Test
    void apply_whenNoRace_thenOneReadAndOneConditionalReplace() throws Exception {
        StatusChange.apply(client(), "dev1", "disabled", "lost");

        assertThat(requests).containsExactly("GET null", "PUT \"e1\"");
    }

    @Test
    void apply_whenChangedMeanwhileOnce_thenReadsAgainAndRetriesWithTheNewEtag() throws Exception {
        preconditionFailuresLeft.set(1);

        StatusChange.apply(client(), "dev1", "disabled", null);

        assertThat(requests).containsExactly("GET null", "PUT \"e1\"", "GET null", "PUT \"e2\"");
    }

    @Test
    void apply_whenChangedMeanwhileTwice_thenGivesUpWithOneLine() throws Exception {
        preconditionFailuresLeft.set(2);

        CliException failure = catchThrowableOfType(() -> StatusChange.apply(client(), "dev1", "enabled", null),
                CliException.class);

        assertThat(failure.status()).isEqualTo(412);
        assertThat(failure.getMessage()).isEqualTo("device dev1 was changed by someone else meanwhile (412); try again");
        assertThat(requests).hasSize(4);
    }
}
