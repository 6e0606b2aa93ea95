package io.roost.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection's flow on an {@link EmbeddedChannel}: the test plays the broker. */
class DeviceConnectionTest {

    private static final int WINDOW = 3;

    private final EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder());
    private LoopDriver driver;
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        decoder.finishAndReleaseAll();
    }

    @Test
    void connect_whenCredentials_thenConnectCarriesThemAndCleanSession() {
        DeviceConnection connection = open(new DeviceCredentials("load-1", "roost.localhost/load-1/?api-version=2021-04-12",
                "SharedAccessSignature sr=x&sig=y&se=1"));

        MqttConnectMessage connect = channel.readOutbound();

        assertThat(connect.payload().clientIdentifier()).isEqualTo("load-1");
        assertThat(connect.payload().userName()).isEqualTo("roost.localhost/load-1/?api-version=2021-04-12");
        assertThat(new String(connect.payload().passwordInBytes(), StandardCharsets.UTF_8))
                .isEqualTo("SharedAccessSignature sr=x&sig=y&se=1");
        assertThat(connect.variableHeader().version()).isEqualTo(4);
        assertThat(connect.variableHeader().isCleanSession()).isTrue();
        assertThat(connect.variableHeader().keepAliveTimeSeconds()).isEqualTo(60);
        assertThat(connection.connectOutcome()).isNotDone();
    }

    @Test
    void publish_whenWindowFull_thenOneMorePerPubAckAndLatencyRecorded() {
        DeviceConnection connection = connected();
        start(new RateSchedule(0, 1));

        List<MqttPublishMessage> first = publishes();
        assertThat(first).hasSize(WINDOW);
        assertThat(first).extracting(p -> p.variableHeader().topicName()).containsOnly("devices/load-1/messages/events/");
        assertThat(connection.inFlight()).isEqualTo(WINDOW);

        channel.writeInbound(pubAck(first.get(1).variableHeader().packetId()));

        List<MqttPublishMessage> next = publishes();
        assertThat(next).hasSize(1);
        Set<Integer> ids = new HashSet<>();
        first.forEach(p -> ids.add(p.variableHeader().packetId()));
        assertThat(ids).doesNotContain(next.get(0).variableHeader().packetId());
        assertThat(driver.stats().acked.get()).isEqualTo(1);
        assertThat(driver.stats().ackLatency.count()).isEqualTo(1);
        assertThat(connection.inFlight()).isEqualTo(WINDOW);
        release(first);
        release(next);
    }

    @Test
    void pubAck_whenPacketIdNotInFlight_thenCountedAndNothingSent() {
        DeviceConnection connection = connected();
        start(new RateSchedule(0, 1));
        release(publishes());

        channel.writeInbound(pubAck(4242));

        assertThat(publishes()).isEmpty();
        assertThat(driver.stats().unexpectedPackets).isEqualTo(1);
        assertThat(connection.inFlight()).isEqualTo(WINDOW);
    }

    @Test
    void publish_whenPaced_thenOnlyWhatIsDue() {
        DeviceConnection connection = connected();
        // 10 msgs/s for one device: message 0 is due at once, message 1 after 100 ms.
        start(new RateSchedule(10, 1));

        List<MqttPublishMessage> sent = publishes();

        assertThat(sent).hasSize(1);
        release(sent);
    }

    @Test
    void connAck_whenRefused_thenOutcomeFalseCountedAndClosed() {
        DeviceConnection connection = open(DeviceCredentials.anonymous("load-1"));
        releaseMessage(channel.readOutbound());

        channel.writeInbound(MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD).build());

        assertThat(connection.connectOutcome()).isCompletedWithValue(false);
        assertThat(driver.stats().connectRefused[4]).isEqualTo(1);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void close_whenBrokerDropsALiveConnection_thenDisconnectAndLostInFlightCounted() {
        DeviceConnection connection = connected();
        start(new RateSchedule(0, 1));
        release(publishes());

        channel.close();

        assertThat(driver.stats().disconnects).isEqualTo(1);
        assertThat(driver.stats().lostInFlight).isEqualTo(WINDOW);
        assertThat(driver.stats().inFlight.get()).isZero();
        assertThat(connection.inFlight()).isZero();
    }

    /** Starts the loop's connections with every message inside the measured window. */
    private void start(RateSchedule schedule) {
        driver.start(schedule, System.nanoTime(), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private DeviceConnection connected() {
        DeviceConnection connection = open(DeviceCredentials.anonymous("load-1"));
        releaseMessage(channel.readOutbound());
        channel.writeInbound(MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).build());
        assertThat(connection.connectOutcome()).isCompletedWithValue(true);
        assertThat(driver.stats().connected.get()).isEqualTo(1);
        return connection;
    }

    private DeviceConnection open(DeviceCredentials credentials) {
        LoadPlan plan = new LoadPlan(1, WINDOW, PublishEncoder.payload(10), Duration.ofSeconds(30).toNanos(), 60,
                Duration.ofSeconds(10).toNanos());
        DeviceConnection connection = new DeviceConnection(credentials, plan, loop -> {
            if (driver == null) {
                driver = new LoopDriver(loop);
            }
            return driver;
        });
        connection.connecting(System.nanoTime());
        channel = new EmbeddedChannel(connection);
        return connection;
    }

    /** The PUBLISH packets written since the last call, decoded with Netty's decoder. */
    private List<MqttPublishMessage> publishes() {
        List<MqttPublishMessage> publishes = new ArrayList<>();
        for (ByteBuf packet; (packet = channel.readOutbound()) != null; ) {
            decoder.writeInbound(packet);
            publishes.add(decoder.readInbound());
        }
        return publishes;
    }

    private static MqttPubAckMessage pubAck(int packetId) {
        return new MqttPubAckMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(packetId));
    }

    private static void releaseMessage(Object message) {
        io.netty.util.ReferenceCountUtil.release(message);
    }

    private static void release(List<MqttPublishMessage> messages) {
        messages.forEach(m -> m.release());
    }
}
