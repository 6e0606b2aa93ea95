package io.roost.server.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ConfigLoader.RawFlag;
import io.roost.server.config.ListenerConfig;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import io.roost.server.datadir.EndpointsFile;
import io.roost.server.listener.BoundListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The https listener of an in-process server, on an ephemeral loopback port, driven by the JDK's
 * HTTP client with host-name verification on and trust in nothing but {@code certs/ca.pem}.
 */
class HttpsListenerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void start_thenHealthOverHttpsForClientsTrustingOnlyTheCa() throws Exception {
        try (RoostServer server = new RoostServer(config("localhost"), dataDir)) {
            server.start();
            BoundListener https = https(server);
            Path caPem = dataDir.toAbsolutePath().resolve("certs/ca.pem");
            SSLContext trustCa = trustOnly(caPem);

            assertThat(server.caFile()).hasValue(caPem);
            for (String host : List.of("localhost", "127.0.0.1")) {
                HttpResponse<String> health = get(trustCa, null, host, https.port(), "/health?api-version=2021-04-12");
                assertThat(health.statusCode()).as(host).isEqualTo(200);
                assertThat(health.body()).isEqualTo("{\"status\":\"ready\"}");
                assertThat(health.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
                X509Certificate[] chain = (X509Certificate[]) health.sslSession().orElseThrow().getPeerCertificates();
                assertThat(chain).hasSize(2);
                assertThat(chain[1]).isEqualTo(readCertificate(caPem));
            }
            assertThat(get(trustCa, null, "localhost", https.port(), "/metrics").statusCode())
                    .as("metrics stay on the loopback http listener").isEqualTo(404);
            JsonNode listed = listed(ListenerName.HTTPS);
            assertThat(listed.get("tls").asBoolean()).isTrue();
            assertThat(listed.get("protocol").asText()).isEqualTo("http");
            assertThat(listed.get("port").asInt()).isEqualTo(https.port());
            assertThat(https.url()).isEqualTo("https://127.0.0.1:" + https.port());
        }
    }

    @Test
    void handshake_whenClientTrustsOnlyTheJdkDefaults_thenRefused() throws Exception {
        try (RoostServer server = new RoostServer(config("localhost"), dataDir)) {
            server.start();

            assertThatThrownBy(() -> get(SSLContext.getDefault(), null, "localhost", https(server).port(), "/health"))
                    .isInstanceOf(IOException.class)
                    .satisfies(failure -> assertThat(causes(failure)).anyMatch(SSLHandshakeException.class::isInstance));
        }
    }

    @Test
    void handshake_whenTls12_thenAcceptedAndWhenTls11_thenRefused() throws Exception {
        try (RoostServer server = new RoostServer(config("localhost"), dataDir)) {
            server.start();
            int port = https(server).port();
            SSLParameters tls12 = new SSLParameters();
            tls12.setProtocols(new String[] {"TLSv1.2"});

            HttpResponse<String> health = get(trustOnly(server.caFile().orElseThrow()), tls12, "localhost", port, "/health");
            assertThat(health.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");

            // The JDK's client will not even offer TLS 1.1, so speak it by hand. The same hello
            // saying TLS 1.2 gets a ServerHello (22), which shows the hello itself is well formed.
            assertThat(firstRecordTypeAnswering(port, clientHello(0x0303))).isEqualTo(22);
            assertThat(firstRecordTypeAnswering(port, clientHello(0x0302)))
                    .as("an alert (21) or a closed connection, never a ServerHello").isIn(21, -1);
        }
    }

    private static int firstRecordTypeAnswering(int port, byte[] hello) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(hello);
            out.flush();
            return socket.getInputStream().read();
        }
    }

    @Test
    void start_whenRestarted_thenSameCa() throws Exception {
        String before;
        try (RoostServer server = new RoostServer(config("localhost"), dataDir)) {
            server.start();
            before = fingerprint(servedCa(server));
        }
        try (RoostServer server = new RoostServer(config("localhost"), dataDir)) {
            server.start();

            assertThat(fingerprint(servedCa(server))).isEqualTo(before);
            assertThat(fingerprint(readCertificate(server.caFile().orElseThrow()))).isEqualTo(before);
        }
    }

    @Test
    void start_whenHostNameChanged_thenServerCertificateReissuedNamingIt() throws Exception {
        String caBefore;
        try (RoostServer server = new RoostServer(config("localhost"), dataDir)) {
            server.start();
            caBefore = fingerprint(servedCa(server));
        }
        try (RoostServer server = new RoostServer(config("hub.example.com"), dataDir)) {
            server.start();
            HttpResponse<String> health = get(trustOnly(server.caFile().orElseThrow()), null, "localhost", https(server).port(), "/health");
            X509Certificate served = (X509Certificate) health.sslSession().orElseThrow().getPeerCertificates()[0];

            assertThat(served.getSubjectAlternativeNames()).contains(List.of(2, "hub.example.com"), List.of(2, "localhost"));
            assertThat(fingerprint(servedCa(server))).isEqualTo(caBefore);
        }
    }

    @Test
    void start_whenDefaultHttpsPortCannotBeBound_thenServesWithoutHttps() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // As 443 for an ordinary user: the default port, not one the operator chose.
            ServerConfig config = config("localhost")
                    .withListener(new ListenerConfig(ListenerName.HTTPS, taken.getLocalPort(), "127.0.0.1", true, false));
            try (RoostServer server = new RoostServer(config, dataDir)) {
                server.start();

                assertThat(server.isReady()).isTrue();
                assertThat(server.listeners()).extracting(BoundListener::name).containsExactly(ListenerName.HTTP);
            }
        }
    }

    @Test
    void start_whenChosenHttpsPortCannotBeBound_thenFailsWithOneLineAndTheFix() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerConfig config = config("localhost")
                    .withListener(new ListenerConfig(ListenerName.HTTPS, taken.getLocalPort(), "127.0.0.1", true, true));

            assertThatThrownBy(() -> new RoostServer(config, dataDir).start())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("listener https cannot bind")
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()))
                    .hasMessageContaining("--https-port")
                    .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain("\n"));
        }
    }

    /** --https-port 0 --https-bind 127.0.0.1 and a plain http port 0, as a test or tool would start it. */
    private static ServerConfig config(String hostName) {
        return ConfigLoader.load(Optional.empty(), Map.of("ROOST_HOSTNAME", hostName, "ROOST_LISTENERS_MQTT_ENABLED", "false", "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false",
                    "ROOST_LISTENERS_HTTP_PORT", "0"),
                Map.of(ListenerName.HTTPS.portKey(), new RawFlag("--https-port", "0"),
                        ListenerName.HTTPS.bindAddressKey(), new RawFlag("--https-bind", "127.0.0.1")));
    }

    private static BoundListener https(RoostServer server) {
        return server.listeners().stream().filter(listener -> listener.name() == ListenerName.HTTPS).findFirst().orElseThrow();
    }

    private JsonNode listed(ListenerName name) throws IOException {
        for (JsonNode listener : JSON.readTree(dataDir.resolve(EndpointsFile.FILE_NAME).toFile()).get("listeners")) {
            if (listener.get("name").asText().equals(name.key())) {
                return listener;
            }
        }
        throw new AssertionError(name + " not in endpoints.json");
    }

    private static X509Certificate servedCa(RoostServer server) throws Exception {
        HttpResponse<String> health = get(trustOnly(server.caFile().orElseThrow()), null, "127.0.0.1", https(server).port(), "/health");
        return (X509Certificate) health.sslSession().orElseThrow().getPeerCertificates()[1];
    }

    private static HttpResponse<String> get(SSLContext sslContext, SSLParameters parameters, String host, int port, String path)
            throws Exception {
        HttpClient.Builder builder = HttpClient.newBuilder().sslContext(sslContext).connectTimeout(Duration.ofSeconds(5));
        if (parameters != null) {
            builder.sslParameters(parameters);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + host + ":" + port + path))
                .timeout(Duration.ofSeconds(10)).build();
        return builder.build().send(request, HttpResponse.BodyHandlers.ofString());
    }

    static SSLContext trustOnly(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("roost-ca", readCertificate(caPem));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    private static X509Certificate readCertificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static String fingerprint(X509Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /**
     * A minimal ClientHello for one protocol version (0x0302 is TLS 1.1, 0x0303 TLS 1.2) with
     * ECDHE-ECDSA suites, P-256 and ECDSA-SHA256 signatures, as an old client would send it.
     */
    private static byte[] clientHello(int version) {
        byte[] extensions = {
            0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, // supported_groups: secp256r1
            0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,             // ec_point_formats: uncompressed
            0x00, 0x0d, 0x00, 0x04, 0x00, 0x02, 0x04, 0x03, // signature_algorithms: ecdsa_secp256r1_sha256
        };
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        ByteBuffer body = ByteBuffer.allocate(2 + 32 + 1 + 2 + 6 + 2 + 2 + extensions.length);
        body.putShort((short) version).put(random).put((byte) 0)
                // ECDHE_ECDSA with AES-128-GCM-SHA256 (TLS 1.2 only), AES-128-CBC-SHA, AES-256-CBC-SHA
                .putShort((short) 6).putShort((short) 0xC02B).putShort((short) 0xC009).putShort((short) 0xC00A)
                .put((byte) 1).put((byte) 0)
                .putShort((short) extensions.length).put(extensions);
        int bodyLength = body.position();
        ByteBuffer record = ByteBuffer.allocate(5 + 4 + bodyLength);
        record.put((byte) 0x16).put((byte) 0x03).put((byte) 0x01).putShort((short) (4 + bodyLength))
                .put((byte) 0x01).put((byte) 0).putShort((short) bodyLength)
                .put(body.array(), 0, bodyLength);
        return record.array();
    }
}
