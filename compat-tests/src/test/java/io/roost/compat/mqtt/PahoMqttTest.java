package io.roost.compat.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.roost.compat.support.InProcessServers;
import io.roost.core.log.LogReader;
import io.roost.core.log.LogRecord;
import io.roost.core.log.StartPosition;
import io.roost.core.message.SystemProperty;
import io.roost.core.message.TelemetryMessage;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.sas.SasTokens;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance with an independent client: Eclipse Paho over the plain loopback MQTT listener of an
 * in-process server, connecting as the Azure device SDK does (client id = device id, user name
 * {@code {host}/{deviceId}/?api-version=...}, password = device SAS token).
 */
public class PahoMqttTest {

    private static final String HOST = "localhost";
    private static final int WINDOW = 50;

    @TempDir
    Path dataDir;

    private RoostServer server;
    private String serverUri;

    @BeforeEach
    void start() throws Exception {
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of(
                "ROOST_LISTENERS_HTTP_PORT", "0",
                "ROOST_LISTENERS_HTTPS_ENABLED", "false",
                "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false",
                "ROOST_LISTENERS_MQTT_PORT", "0"), Map.of());
        server = new RoostServer(config, dataDir);
        server.start();
        int port = InProcessServers.port(server, ListenerName.MQTT);
        serverUri = "tcp://127.0.0.1:" + port;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void publish_whenThousandQos1Messages_thenAllInTheLogWithTheirProperties() throws Exception {
        String token = tokenFor(createDevice("dev1"), "dev1");
        MqttAsyncClient client = new MqttAsyncClient(serverUri, "dev1", new MemoryPersistence());
        client.connect(options("dev1", token)).waitForCompletion(10_000);

        publishThousand(client, "dev1");
        client.disconnect().waitForCompletion(10_000);
        client.close();

        assertThousandInTheLog(server, "dev1");
    }

    /** Publishes 1,000 QoS 1 messages with a message id, a content type and application properties, 50 in flight. */
    static void publishThousand(MqttAsyncClient client, String deviceId) throws MqttException {
        Deque<IMqttDeliveryToken> inFlight = new ArrayDeque<>();
        for (int i = 0; i < 1000; i++) {
            if (inFlight.size() >= WINDOW) {
                inFlight.removeFirst().waitForCompletion(10_000);
            }
            MqttMessage message = new MqttMessage(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            inFlight.addLast(client.publish(
                    "devices/" + deviceId + "/messages/events/%24.mid=msg-" + i + "&%24.ct=application%2Fjson&seq=" + i
                            + "&note=a%26b%3Dc%20d", message));
        }
        while (!inFlight.isEmpty()) {
            inFlight.removeFirst().waitForCompletion(10_000);
        }
    }

    static void assertThousandInTheLog(RoostServer server, String deviceId) {
        List<LogRecord> records = readAll(server, deviceId, 1000);
        assertThat(records).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            TelemetryMessage m = records.get(i).message();
            assertThat(m.deviceId()).isEqualTo(deviceId);
            assertThat(m.systemProperties())
                    .containsEntry(SystemProperty.MESSAGE_ID, "msg-" + i)
                    .containsEntry(SystemProperty.CONTENT_TYPE, "application/json")
                    .containsEntry(SystemProperty.CONNECTION_DEVICE_ID, deviceId);
            assertThat(m.applicationProperties()).isEqualTo(Map.of("seq", String.valueOf(i), "note", "a&b=c d"));
            assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":" + i + "}");
        }
    }

    @Test
    void connect_whenWrongKey_thenRefusedBadUserNameOrPassword() throws Exception {
        createDevice("dev1");
        String wrongToken = tokenFor("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "dev1");
        MqttClient client = new MqttClient(serverUri, "dev1", new MemoryPersistence());

        assertThatThrownBy(() -> client.connect(options("dev1", wrongToken)))
                .isInstanceOfSatisfying(MqttException.class, e ->
                        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        client.close();
    }

    @Test
    void publish_whenAnotherDevicesTopic_thenConnectionClosedAndOtherDevicesKeepWorking() throws Exception {
        String token1 = tokenFor(createDevice("dev1"), "dev1");
        String token2 = tokenFor(createDevice("dev2"), "dev2");
        MqttClient other = new MqttClient(serverUri, "dev2", new MemoryPersistence());
        other.connect(options("dev2", token2));
        MqttClient client = new MqttClient(serverUri, "dev1", new MemoryPersistence());
        client.connect(options("dev1", token1));

        assertThatThrownBy(() -> client.publish("devices/dev2/messages/events/", "spoof".getBytes(StandardCharsets.UTF_8), 1, false))
                .isInstanceOf(MqttException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> !client.isConnected());

        other.publish("devices/dev2/messages/events/", "fine".getBytes(StandardCharsets.UTF_8), 1, false);
        assertThat(readAll("dev2", 1)).hasSize(1);
        assertThat(readAll("dev2", 1).get(0).message().systemProperties())
                .containsEntry(SystemProperty.CONNECTION_DEVICE_ID, "dev2");
        other.disconnect();
        other.close();
        client.close();
    }

    @Test
    void connect_whenDeviceDisabledWhileConnected_thenDisconnectedWithinASecondAndRefusedAfter() throws Exception {
        String token = tokenFor(createDevice("dev1"), "dev1");
        MqttClient client = new MqttClient(serverUri, "dev1", new MemoryPersistence());
        client.connect(options("dev1", token));

        server.registry().disable("dev1", "test").join();

        await().atMost(Duration.ofSeconds(1)).until(() -> !client.isConnected());
        assertThatThrownBy(() -> client.connect(options("dev1", token)))
                .isInstanceOfSatisfying(MqttException.class, e ->
                        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
        client.close();
    }

    private String createDevice(String deviceId) {
        return createDevice(server, deviceId);
    }

    public static String createDevice(RoostServer server, String deviceId) {
        return server.registry().create(DeviceSpec.of(deviceId)).join().authentication().symmetricKey().primaryKey();
    }

    static String tokenFor(String key, String deviceId) {
        return SasTokens.sign(SasTokens.deviceResource(HOST, deviceId), key, Instant.now().plus(Duration.ofHours(1)), null);
    }

    static MqttConnectOptions options(String deviceId, String token) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        // Paho frees an in-flight slot on its callback thread, after the token completed: a limit
        // above the test's total keeps its own window (WINDOW) the only limit.
        options.setMaxInflight(2000);
        options.setKeepAliveInterval(230);
        options.setUserName(HOST + "/" + deviceId + "/?api-version=2021-04-12&DeviceClientType=paho");
        options.setPassword(token.toCharArray());
        return options;
    }

    private List<LogRecord> readAll(String deviceId, int expected) {
        return readAll(server, deviceId, expected);
    }

    public static List<LogRecord> readAll(RoostServer server, String deviceId, int expected) {
        List<LogRecord> records = new ArrayList<>();
        try (LogReader reader = server.telemetryLog().openReader(server.telemetryLog().partitionFor(deviceId),
                StartPosition.earliest())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                records.addAll(reader.poll(expected));
                return records.size() >= expected;
            });
        }
        return records.stream().filter(r -> r.message().deviceId().equals(deviceId)).toList();
    }
}
