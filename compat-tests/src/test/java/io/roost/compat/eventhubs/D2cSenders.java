package io.roost.compat.eventhubs;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.bench.amqp.AmqpDeviceClient;
import io.roost.compat.mqtt.PahoMqttTest;
import io.roost.core.log.LogReader;
import io.roost.core.log.LogRecord;
import io.roost.core.log.PartitionInfo;
import io.roost.core.log.StartPosition;
import io.roost.registry.sas.SasTokens;
import io.roost.server.lifecycle.RoostServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * D2C for the Event Hubs tests from each device protocol of an in-process server's plain listeners:
 * MQTT (Paho, QoS 1), AMQP (the bench module's Proton-J device client, SASL PLAIN) and the HTTP device
 * API, each message {@code {"n":i}} with message id {@code msg-i}, content type
 * {@code application/json} and application property {@code seq=i}; each call returns once the server
 * acknowledged every message (PUBACK, Accepted, 204: all durable). Also the log's own view of a
 * partition, to compare events with. Not thread-safe: one test's.
 */
final class D2cSenders {

    private final RoostServer server;
    private final String host;
    private final int mqttPort;
    private final int amqpPort;
    private final int httpPort;
    private final int messages;

    D2cSenders(RoostServer server, String host, int mqttPort, int amqpPort, int httpPort, int messages) {
        this.server = server;
        this.host = host;
        this.mqttPort = mqttPort;
        this.amqpPort = amqpPort;
        this.httpPort = httpPort;
        this.messages = messages;
    }

    MqttClient mqttClient(String deviceId, String key) throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + mqttPort, deviceId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        // Paho counts a publish in flight until its callback thread catches up, after the PUBACK woke
        // the publisher; on a busy machine ten (the default) are soon reached: "Too many publishes in progress".
        options.setMaxInflight(1000);
        options.setUserName(host + "/" + deviceId + "/?api-version=2021-04-12");
        options.setPassword(deviceToken(deviceId, key).toCharArray());
        client.connect(options);
        return client;
    }

    String deviceToken(String deviceId, String key) {
        return SasTokens.sign(SasTokens.deviceResource(host, deviceId), key, Instant.now().plus(Duration.ofHours(1)), null);
    }

    static void publish(MqttClient client, String deviceId, int i) throws Exception {
        MqttMessage message = new MqttMessage(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        client.publish("devices/" + deviceId + "/messages/events/%24.mid=msg-" + i
                + "&%24.ct=application%2Fjson&%24.ce=utf-8&seq=" + i, message);
    }

    /** {@code messages} QoS 1 messages from a new device over MQTT (Paho); returns once all are PUBACKed. */
    void mqtt(String deviceId) throws Exception {
        MqttClient client = mqttClient(deviceId, PahoMqttTest.createDevice(server, deviceId));
        for (int i = 0; i < messages; i++) {
            publish(client, deviceId, i);
        }
        client.disconnect();
        client.close();
    }

    /** {@code messages} messages from a new device over AMQP (SASL PLAIN); returns once all are Accepted. */
    void amqp(String deviceId) throws Exception {
        amqp(deviceId, null);
    }

    /**
     * As {@link #amqp(String)}; with {@code samePartitionAs}, the new device's id is the
     * first of {@code deviceId}, {@code deviceId-1}, ... that hashes to that device's partition.
     */
    void amqp(String deviceId, String samePartitionAs) throws Exception {
        String id = samePartitionAs == null ? deviceId : idInPartitionOf(deviceId, samePartitionAs);
        String key = PahoMqttTest.createDevice(server, id);
        List<String> failures = new ArrayList<>();
        try (AmqpDeviceClient client = AmqpDeviceClient.connect(new InetSocketAddress("127.0.0.1", amqpPort), host, id,
                deviceToken(id, key), Duration.ofSeconds(10))) {
            for (int i = 0; i < messages; i++) {
                Message message = Message.Factory.create();
                message.setMessageId("msg-" + i);
                message.setContentType("application/json");
                message.setContentEncoding("utf-8");
                message.setApplicationProperties(new ApplicationProperties(Map.of("seq", Integer.toString(i))));
                message.setBody(new Data(new Binary(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8))));
                client.send(message);
            }
            client.awaitOutcomes((sentNanos, accepted, failure) -> {
                if (!accepted) {
                    failures.add(failure);
                }
            }, Duration.ofSeconds(20));
        }
        assertThat(failures).isEmpty();
    }

    /** The first of {@code prefix}, {@code prefix-1}, ... whose partition is {@code other}'s. */
    String idInPartitionOf(String prefix, String other) {
        int partition = server.telemetryLog().partitionFor(other);
        String id = prefix;
        for (int n = 1; server.telemetryLog().partitionFor(id) != partition; n++) {
            id = prefix + "-" + n;
        }
        return id;
    }

    /** {@code messages} messages from a new device over the HTTP device API; each answered 204 once durable. */
    void http(String deviceId) throws Exception {
        String token = deviceToken(deviceId, PahoMqttTest.createDevice(server, deviceId));
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < messages; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/devices/" + deviceId
                            + "/messages/events?api-version=2020-09-30"))
                    .header("Authorization", token).header("iothub-messageid", "msg-" + i)
                    .header("iothub-app-seq", Integer.toString(i)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")).build();
            assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
        }
    }

    /** Every record of the partition, in order, as the log holds it. */
    List<LogRecord> partitionRecords(int partition) {
        PartitionInfo info = server.telemetryLog().partitionInfo(partition);
        List<LogRecord> records = new ArrayList<>();
        try (LogReader reader = server.telemetryLog().openReader(partition, StartPosition.earliest())) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                records.addAll(reader.poll(1000));
                return records.size() >= info.nextOffset() - info.earliestOffset();
            });
        }
        return records;
    }
}
