package io.roost.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.roost.core.c2d.C2dEvents;
import io.roost.core.c2d.C2dQueues;
import io.roost.core.c2d.C2dSettings;
import io.roost.core.log.segment.SegmentLog;
import io.roost.core.log.segment.SegmentLogConfig;
import io.roost.core.testing.CountingMetrics;
import io.roost.core.testing.MutableClock;
import io.roost.core.session.DeviceConnections;
import io.roost.core.testing.RecordingOperationsLog;
import io.roost.core.throttle.Throttle;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.RegistryOptions;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.events.RegistryEvents;
import io.roost.registry.policy.HubIdentity;
import io.roost.registry.sas.SasTokens;
import io.roost.store.c2d.SqliteC2dStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A real registry and segment log on a temp dir, and helpers to write MQTT packets as bytes. */
final class MqttFixture implements AutoCloseable {

    static final String HOST = "localhost";

    final DeviceRegistry registry;
    final SegmentLog log;
    final MqttEndpoint endpoint;
    /** The C2D queues' and the endpoint's time; the registry keeps the real one for token checks. */
    final MutableClock clock = new MutableClock(System.currentTimeMillis());
    final C2dQueues c2d;
    final CountingMetrics metrics = new CountingMetrics();
    final RecordingOperationsLog operations = new RecordingOperationsLog();

    MqttFixture(Path dir) throws IOException {
        this(dir, Throttle.unlimited());
    }

    MqttFixture(Path dir, Throttle throttle) throws IOException {
        HubIdentity hub = new HubIdentity(HOST, HubIdentity.defaultPolicies());
        registry = DeviceRegistry.open(dir.resolve("registry"), hub, Clock.systemUTC(), RegistryOptions.defaults(),
                RegistryEvents.NONE);
        log = SegmentLog.open(SegmentLogConfig.builder(dir.resolve("d2c")).build());
        c2d = C2dQueues.open(SqliteC2dStore.open(dir.resolve("c2d")), C2dSettings.defaults().withSweepInterval(Duration.ZERO),
                clock, C2dEvents.NONE);
        endpoint = MqttEndpoint.open(registry, log, c2d, hub.connectionStrings().acceptedHosts(), clock,
                protocol -> metrics, operations, throttle, new DeviceConnections());
    }

    /** Creates the device and returns a valid SAS token for it. */
    String createDevice(String deviceId) {
        return token(deviceId, createDeviceKey(deviceId));
    }

    /** Creates the device and returns its primary key. */
    String createDeviceKey(String deviceId) {
        return registry.create(DeviceSpec.of(deviceId)).join().authentication().symmetricKey().primaryKey();
    }

    static String token(String deviceId, String key) {
        return token(deviceId, key, Instant.now().plus(1, ChronoUnit.HOURS));
    }

    static String token(String deviceId, String key, Instant expiry) {
        return SasTokens.sign(SasTokens.deviceResource(HOST, deviceId), key, expiry, null);
    }

    EmbeddedChannel channel() {
        return new EmbeddedChannel(new MqttChannelInitializer(endpoint, null));
    }

    static MqttConnectMessage connect(String clientId, String userName, String password) {
        return MqttMessageBuilders.connect()
                .clientId(clientId)
                .protocolVersion(MqttVersion.MQTT_3_1_1)
                .username(userName)
                .password(password == null ? null : password.getBytes(StandardCharsets.UTF_8))
                .cleanSession(true)
                .keepAlive(60)
                .build();
    }

    static MqttMessage publish(String topic, MqttQoS qos, int packetId, byte[] payload) {
        return MqttMessageBuilders.publish().topicName(topic).qos(qos).messageId(packetId)
                .payload(Unpooled.wrappedBuffer(payload)).build();
    }

    /** The packet as a client would send it, encoded by Netty's encoder. */
    static ByteBuf bytes(MqttMessage message) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(message);
        ByteBuf out = Unpooled.buffer();
        for (ByteBuf part; (part = encoder.readOutbound()) != null; ) {
            out.writeBytes(part);
            part.release();
        }
        encoder.finishAndReleaseAll();
        return out;
    }

    static String userName(String deviceId) {
        return HOST + "/" + deviceId + "/?api-version=2021-04-12&DeviceClientType=test";
    }

    @Override
    public void close() {
        endpoint.close();
        c2d.close();
        log.close();
        registry.close();
    }
}
