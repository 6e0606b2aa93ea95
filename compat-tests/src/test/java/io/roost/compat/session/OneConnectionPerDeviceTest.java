package io.roost.compat.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roost.bench.amqp.AmqpDeviceClient;
import io.roost.compat.mqtt.PahoMqttTest;
import io.roost.registry.sas.SasTokens;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ListenerName;
import io.roost.server.lifecycle.RoostServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One connection per device across protocols, as on IoT Hub: a device that connects over AMQP
 * while its MQTT connection is up loses the MQTT one, and the other way round. Real clients: Paho
 * and the bench module's Proton-J device client, on an in-process server's plain listeners.
 */
class OneConnectionPerDeviceTest {

    private static final String HOST = "localhost";

    @TempDir
    Path dataDir;

    private RoostServer server;
    private String key;

    @BeforeEach
    void start() throws Exception {
        server = new RoostServer(ConfigLoader.load(Optional.empty(), Map.of("ROOST_LISTENERS_HTTP_PORT", "0",
                "ROOST_LISTENERS_HTTPS_ENABLED", "false", "ROOST_LISTENERS_MQTTS_ENABLED", "false",
                "ROOST_LISTENERS_AMQPS_ENABLED", "false", "ROOST_LISTENERS_MQTT_PORT", "0",
                "ROOST_LISTENERS_AMQP_PORT", "0"), Map.of()), dataDir);
        server.start();
        key = PahoMqttTest.createDevice(server, "dev1");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void amqpConnect_whenTheDeviceIsConnectedOverMqtt_thenTheMqttConnectionCloses_andBack() throws Exception {
        AtomicReference<Throwable> lost = new AtomicReference<>();
        MqttClient mqtt = mqtt(lost);
        assertThat(mqtt.isConnected()).isTrue();

        try (AmqpDeviceClient amqp = AmqpDeviceClient.connect(address(ListenerName.AMQP), HOST, "dev1", token(),
                Duration.ofSeconds(10))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> lost.get() != null);
            assertThat(mqtt.isConnected()).isFalse();
            assertThat(amqp.isOpen()).isTrue();

            MqttClient again = mqtt(new AtomicReference<>());
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                amqp.pump((sent, accepted, failure) -> { });
                return !amqp.isOpen();
            });
            assertThat(again.isConnected()).isTrue();
            again.disconnect();
            again.close();
        } finally {
            mqtt.close(true);
        }
    }

    private MqttClient mqtt(AtomicReference<Throwable> lost) throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + address(ListenerName.MQTT).getPort(), "dev1",
                new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.set(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        options.setUserName(HOST + "/dev1/?api-version=2021-04-12");
        options.setPassword(token().toCharArray());
        client.connect(options);
        return client;
    }

    private String token() {
        return SasTokens.sign(SasTokens.deviceResource(HOST, "dev1"), key, Instant.now().plus(Duration.ofHours(1)), null);
    }

    private InetSocketAddress address(ListenerName name) {
        return server.listeners().stream().filter(l -> l.name() == name).findFirst().orElseThrow().address();
    }
}
