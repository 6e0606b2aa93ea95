package io.roost.server.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.roost.core.log.LogReader;
import io.roost.core.log.LogRecord;
import io.roost.core.log.StartPosition;
import io.roost.core.message.SystemProperty;
import io.roost.core.message.TelemetryMessage;
import io.roost.mqtt.MqttLimits;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.policy.HubIdentity;
import io.roost.registry.sas.SasTokens;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ConfigLoader.RawFlag;
import io.roost.server.config.ListenerName;
import io.roost.server.lifecycle.RoostServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * MQTT over secure WebSocket on the https listener of an in-process server (ephemeral loopback
 * port, mqtt and mqtts listeners off), driven by a client built from Netty's codecs that trusts
 * only Roost's CA and checks the host name.
 */
class MqttOverWebSocketTest {

    private static final String TOPIC = "devices/dev1/messages/events/%24.mid=m-1&%24.ct=application%2Fjson&room=a%26b";

    @TempDir
    Path dataDir;

    private RoostServer server;
    private int port;
    private String token;
    private final ListAppender<ILoggingEvent> operations = new ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        server = new RoostServer(ConfigLoader.load(Optional.empty(), Map.of("ROOST_LISTENERS_HTTP_PORT", "0",
                        "ROOST_LISTENERS_MQTT_ENABLED", "false", "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false"),
                Map.of(ListenerName.HTTPS.portKey(), new RawFlag("--https-port", "0"),
                        ListenerName.HTTPS.bindAddressKey(), new RawFlag("--https-bind", "127.0.0.1"))), dataDir);
        server.start();
        port = server.listeners().stream().filter(l -> l.name() == ListenerName.HTTPS).findFirst().orElseThrow().port();
        String key = server.registry().create(DeviceSpec.of("dev1")).join().authentication().symmetricKey().primaryKey();
        token = SasTokens.sign(SasTokens.deviceResource("localhost", "dev1"), key, Instant.now().plus(Duration.ofHours(1)), null);
        operations.start();
        ((Logger) LoggerFactory.getLogger("roost.operations")).addAppender(operations);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger("roost.operations")).detachAppender(operations);
        server.close();
    }

    @Test
    void publish_whenQos1OverWss_thenPubAckAfterTheMessageIsInTheLogWithItsProperties() throws Exception {
        try (MqttWebSocketClient client = new MqttWebSocketClient(port, caPem())) {
            client.send(connect(token));
            assertThat(((MqttConnAckMessage) client.next()).variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);

            client.send(MqttMessageBuilders.publish().topicName(TOPIC).qos(MqttQoS.AT_LEAST_ONCE).messageId(7)
                    .payload(Unpooled.copiedBuffer("{\"t\":21}", StandardCharsets.UTF_8)).build());
            MqttMessage pubAck = client.next();

            assertThat(pubAck.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
            assertThat(((MqttMessageIdVariableHeader) pubAck.variableHeader()).messageId()).isEqualTo(7);
            TelemetryMessage logged = readAll(1).get(0).message();
            assertThat(logged.systemProperties())
                    .containsEntry(SystemProperty.MESSAGE_ID, "m-1")
                    .containsEntry(SystemProperty.CONTENT_TYPE, "application/json")
                    .containsEntry(SystemProperty.CONNECTION_DEVICE_ID, "dev1");
            assertThat(logged.applicationProperties()).isEqualTo(Map.of("room", "a&b"));
            assertThat(new String(logged.body(), StandardCharsets.UTF_8)).isEqualTo("{\"t\":21}");
            assertThat(operations.list).extracting(ILoggingEvent::getFormattedMessage).anyMatch(line -> line.startsWith(
                    "category=Connections operation=DEVICE_CONNECT result=Success status=200 protocol=mqtt-ws deviceId=dev1 auth=sas remote=127.0.0.x"));
            assertThat(registryGet("/devices/dev1").body()).as("the registry API shows the live session")
                    .contains("\"connectionState\":\"Connected\"");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> registryGet("/devices/dev1").body()
                .contains("\"connectionState\":\"Disconnected\""));
    }

    private HttpResponse<String> registryGet(String path) throws Exception {
        HubIdentity hub = HubIdentity.load(dataDir).orElseThrow();
        String policyToken = SasTokens.sign(hub.hostName(), hub.policy("registryRead").orElseThrow().primaryKey(),
                Instant.now().plusSeconds(600), "registryRead");
        HttpClient https = HttpClient.newBuilder().sslContext(trustOnly(caPem())).connectTimeout(Duration.ofSeconds(5)).build();
        return https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .header("Authorization", policyToken).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void connect_whenWrongToken_thenConnAckBadUserNameOrPassword() throws Exception {
        try (MqttWebSocketClient client = new MqttWebSocketClient(port, caPem())) {
            client.send(connect(token.replace("sig=", "sig=x")));

            assertThat(((MqttConnAckMessage) client.next()).variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.isOpen());
        }
    }

    @Test
    void frame_whenOverTheLargestPacket_thenClosedWithMessageTooBig() throws Exception {
        try (MqttWebSocketClient client = new MqttWebSocketClient(port, caPem())) {
            client.send(connect(token));
            client.next();

            client.sendFrameMayBeCutOff(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[MqttLimits.MAX_PACKET_BYTES + 1])));

            await().atMost(Duration.ofSeconds(10)).until(() -> !client.isOpen());
            // The close frame may be lost when the server's close meets the rest of the frame in
            // flight (a TCP reset: the client then sees no status, -1, or an I/O error); when it
            // arrives it must say 1009, message too big.
            Integer status = client.closeStatus.handle((code, failure) -> failure == null ? code : -1).get();
            assertThat(status).isIn(1009, -1);
            await().atMost(Duration.ofSeconds(5)).until(() -> operations.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .anyMatch(line -> line.startsWith("category=Connections operation=DEVICE_DISCONNECT result=Success status=200 protocol=mqtt-ws deviceId=dev1")
                            && line.contains("frame length")));
        }
    }

    @Test
    void https_whenCarryingMqttOverWebSocket_thenHealthAndAPlainGetOnThePathStillAnswerHttp() throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(trustOnly(caPem())).connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> plain = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                + "/$iothub/websocket?iothub-no-client-cert=true")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).startsWith("{\"errorCode\":\"BadRequest\"").contains("mqtt");
    }

    private static MqttMessage connect(String password) {
        return MqttMessageBuilders.connect()
                .clientId("dev1")
                .protocolVersion(MqttVersion.MQTT_3_1_1)
                .username("localhost/dev1/?api-version=2021-04-12&DeviceClientType=test")
                .password(password.getBytes(StandardCharsets.UTF_8))
                .cleanSession(true)
                .keepAlive(60)
                .build();
    }

    private Path caPem() {
        return server.caFile().orElseThrow();
    }

    private List<LogRecord> readAll(int expected) {
        List<LogRecord> records = new ArrayList<>();
        try (LogReader reader = server.telemetryLog().openReader(server.telemetryLog().partitionFor("dev1"),
                StartPosition.earliest())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                records.addAll(reader.poll(expected));
                return records.size() >= expected;
            });
        }
        return records;
    }

    private static SSLContext trustOnly(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = java.nio.file.Files.newInputStream(caPem)) {
            trust.setCertificateEntry("roost-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }
}
