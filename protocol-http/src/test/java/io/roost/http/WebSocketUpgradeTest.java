package io.roost.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WebSocket routes on a real loopback HTTP listener with an ephemeral port: the JDK's WebSocket
 * client for upgrades and frames, raw sockets where a test needs the exact request line or the
 * refusal's body. Two echo protocols stand in for MQTT and AMQP; each prefixes what it echoes with
 * its name, so a test sees which protocol got the bytes.
 */
class WebSocketUpgradeTest {

    private static final String PATH = "/$iothub/websocket";
    private static final int MAX_FRAME_BYTES = 1024;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Queue<Throwable> protocolErrors = new ConcurrentLinkedQueue<>();
    private final Queue<List<String>> upgradedPipelines = new ConcurrentLinkedQueue<>();
    private LoopbackServer server;
    private int port;

    @BeforeEach
    void bind() throws InterruptedException {
        Routes routes = Routes.builder().get(HealthRoute.PATH, new HealthRoute(() -> true)).build();
        server = new LoopbackServer(new HttpChannelInitializer(routes, HttpChannelInitializer.DEFAULT_MAX_CONTENT_BYTES, null,
                List.of(new WebSocketRoute(PATH, "mqtt", MAX_FRAME_BYTES, echo("mqtt:")),
                        new WebSocketRoute(PATH, "AMQPWSB10", MAX_FRAME_BYTES, echo("amqp:")))));
        port = server.address().getPort();
    }

    @AfterEach
    void shutDown() {
        server.close();
    }

    @Test
    void upgrade_whenPathAndSubprotocolMatch_thenBinaryFramesReachTheProtocolAsBytes() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket socket = connect(recorder, "mqtt");

        assertThat(socket.getSubprotocol()).isEqualTo("mqtt");
        // A binary frame and its continuation: one byte stream to the protocol.
        socket.sendBinary(ascii("hel"), false).join();
        socket.sendBinary(ascii("lo"), true).join();

        assertThat(recorder.binary("mqtt:helmqtt:lo".length())).isEqualTo("mqtt:helmqtt:lo");
        assertThat(upgradedPipelines.peek())
                .contains(HttpChannelInitializer.WEBSOCKET_FRAMES)
                .doesNotContain(HttpChannelInitializer.CODEC, HttpChannelInitializer.FLOW_CONTROL,
                        HttpChannelInitializer.BODY_LIMIT, HttpChannelInitializer.AGGREGATOR,
                        HttpChannelInitializer.WEBSOCKET_UPGRADE, HttpChannelInitializer.ROUTER,
                        HttpChannelInitializer.EXCEPTIONS);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        assertThat(recorder.closeStatus()).as("the server answers a close").isEqualTo(WebSocket.NORMAL_CLOSURE);
        assertThat(protocolErrors).isEmpty();
    }

    @Test
    void upgrade_whenTwoSubprotocolsShareThePath_thenTheClientsFirstServedChoiceWins() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket socket = connect(recorder, "chat", "AMQPWSB10", "mqtt");

        assertThat(socket.getSubprotocol()).isEqualTo("AMQPWSB10");
        socket.sendBinary(ascii("x"), true).join();
        assertThat(recorder.binary("amqp:x".length())).isEqualTo("amqp:x");
    }

    @Test
    void upgrade_whenSubprotocolNotServedOrAbsent_thenBadRequestNamingTheServedOnes() throws Exception {
        for (String offered : List.of("Sec-WebSocket-Protocol: chat, MQTT\r\n", "")) {
            RawResponse refused = exchange(upgradeRequest("GET " + PATH + " HTTP/1.1", offered + "Sec-WebSocket-Version: 13\r\n"));

            assertThat(refused.status()).as(offered).isEqualTo(400);
            assertThat(refused.headers()).containsEntry("content-type", HttpReply.JSON);
            assertThat(refused.body()).startsWith("{\"errorCode\":\"BadRequest\"").contains("AMQPWSB10, mqtt");
        }
        assertThatThrownBy(() -> connect(new Recorder(), "chat"))
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(failure -> assertThat(((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode())
                        .isEqualTo(400));
    }

    @Test
    void get_whenNoUpgradeOnTheWebSocketPath_thenBadRequestAndOtherMethodsNotAllowed() throws Exception {
        HttpResponse<String> plain = client.send(HttpRequest.newBuilder(uri("http", PATH + "?iothub-no-client-cert=true"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri("http", PATH)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).startsWith("{\"errorCode\":\"BadRequest\"").contains("WebSocket", "mqtt");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET");
    }

    @Test
    void upgrade_whenVersionIsNot13_thenUpgradeRequiredNamingVersion13() throws Exception {
        RawResponse refused = exchange(upgradeRequest("GET " + PATH + " HTTP/1.1",
                "Sec-WebSocket-Protocol: mqtt\r\nSec-WebSocket-Version: 8\r\n"));

        assertThat(refused.status()).isEqualTo(426);
        assertThat(refused.headers()).containsEntry("sec-websocket-version", "13");
        assertThat(refused.body()).startsWith("{\"errorCode\":\"UpgradeRequired\"");
    }

    @Test
    void upgrade_whenAbsoluteFormOrEncodedPath_thenSwitchesProtocols() throws Exception {
        for (String requestLine : List.of(
                "GET https://localhost" + PATH + "?iothub-no-client-cert=true HTTP/1.1",
                "GET /%24iothub/websocket HTTP/1.1")) {
            RawResponse switched = exchange(upgradeRequest(requestLine,
                    "Sec-WebSocket-Protocol: mqtt\r\nSec-WebSocket-Version: 13\r\n"));

            assertThat(switched.status()).as(requestLine).isEqualTo(101);
            assertThat(switched.headers())
                    .containsEntry("sec-websocket-protocol", "mqtt")
                    .containsEntry("sec-websocket-accept", expectedAccept());
        }
    }

    @Test
    void frame_whenPayloadOverTheRouteLimit_thenClosedWithMessageTooBig() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket socket = connect(recorder, "mqtt");

        socket.sendBinary(ByteBuffer.wrap(new byte[MAX_FRAME_BYTES]), true).join();
        assertThat(recorder.binary("mqtt:".length() + MAX_FRAME_BYTES)).hasSize("mqtt:".length() + MAX_FRAME_BYTES);
        socket.sendBinary(ByteBuffer.wrap(new byte[MAX_FRAME_BYTES + 1]), true).join();

        assertThat(recorder.closeStatus()).isEqualTo(1009);
    }

    @Test
    void frame_whenText_thenClosedWithUnsupportedData() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket socket = connect(recorder, "mqtt");

        socket.sendText("hello", true).join();

        assertThat(recorder.closeStatus()).isEqualTo(1003);
    }

    @Test
    void ping_thenPongWithThePayload() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket socket = connect(recorder, "mqtt");

        socket.sendPing(ascii("are you there")).join();

        assertThat(recorder.pongs.poll(5, TimeUnit.SECONDS)).isEqualTo("are you there");
        socket.abort();
    }

    @Test
    void routes_whenListenerCarriesWebSocketRoutes_thenHttpRoutesStillServed() throws Exception {
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(uri("http", "/health")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> missing = client.send(HttpRequest.newBuilder(uri("http", "/$iothub/other"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ready\"}");
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    /** A protocol that echoes every buffer it reads, prefixed with its name. */
    private ChannelInitializer<Channel> echo(String prefix) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        upgradedPipelines.add(ctx.pipeline().names());
                        ByteBuf in = (ByteBuf) msg;
                        ByteBuf out = ctx.alloc().buffer();
                        out.writeCharSequence(prefix, StandardCharsets.US_ASCII);
                        out.writeBytes(in);
                        in.release();
                        ctx.writeAndFlush(out);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        protocolErrors.add(cause);
                        ctx.close();
                    }
                });
            }
        };
    }

    private WebSocket connect(Recorder recorder, String... subprotocols) throws Exception {
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        try {
            return builder.buildAsync(uri("ws", PATH + "?iothub-no-client-cert=true"), recorder).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("upgrade failed", e.getCause());
        }
    }

    private URI uri(String scheme, String pathAndQuery) {
        return URI.create(scheme + "://127.0.0.1:" + port + pathAndQuery);
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static String upgradeRequest(String requestLine, String moreHeaders) {
        return requestLine + "\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\n" + moreHeaders + "\r\n";
    }

    /** RFC 6455 section 4.2.2: base64 of the SHA-1 of the key and the protocol's GUID. */
    private static String expectedAccept() throws Exception {
        byte[] sha1 = MessageDigest.getInstance("SHA-1")
                .digest((KEY + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(sha1);
    }

    private record RawResponse(int status, Map<String, String> headers, String body) {
    }

    /** Sends a request as written and reads one response: status line, headers, Content-Length body. */
    private RawResponse exchange(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String[] lines = readHead(in).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; matched < 4 && (b = in.read()) >= 0; ) {
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII).trim();
    }

    /** Collects what the server sends on one WebSocket. */
    private static final class Recorder implements WebSocket.Listener {
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final LinkedBlockingQueue<String> pongs = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            received.writeBytes(bytes);
            notifyAll();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pongs.add(StandardCharsets.US_ASCII.decode(message).toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        synchronized String binary(int length) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (received.size() < length && System.nanoTime() < deadline) {
                wait(100);
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }

        int closeStatus() throws Exception {
            return closed.get(5, TimeUnit.SECONDS);
        }
    }
}
