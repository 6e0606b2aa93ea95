package io.roost.mqtt;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.roost.core.log.TelemetryLog;
import io.roost.core.message.SystemProperty;
import io.roost.core.metrics.ProtocolMetrics;
import io.roost.core.message.TelemetryMessage;
import io.roost.core.throttle.Throttle;
import io.roost.core.throttle.ThrottleDecision;
import io.roost.mqtt.topic.DeviceTopics;
import io.roost.mqtt.topic.PropertyBag;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Device-to-cloud PUBLISH: checks the topic, QoS and size, turns the property bag into message
 * properties, stamps the connection properties (the device cannot spoof them) and appends to the
 * log. A QoS 1 PUBACK is written only once the append is durable, on the channel's event loop;
 * a failed append closes the connection (the device resends what was not acknowledged). When the
 * partition's append queue passes its high-water mark, reading stops until it drains. A device
 * over its D2C rate ({@link Throttle}) still has its message accepted (it was sent), then reading
 * stops, and the session holds packets already read, until its bucket's debt is paid
 * ({@link ReadPauses}): one message per pause, so its messages are taken at its rate. A device
 * over its rate for too long is disconnected before its message is appended, so it resends it on
 * its next connection.
 * Not thread-safe; confined to the channel's event loop.
 */
final class D2cPublisher {

    private final TelemetryLog log;
    private final LoopCompletions completions;
    private final ProtocolMetrics metrics;
    private final String deviceId;
    private final SessionHandler session;
    private final MqttOperationsLog operations;
    private final int partition;
    private final Throttle throttle;
    private final ReadPauses pauses;

    D2cPublisher(TelemetryLog log, LoopCompletions completions, ProtocolMetrics metrics, String deviceId,
            SessionHandler session, MqttOperationsLog operations, Throttle throttle, ReadPauses pauses) {
        this.log = log;
        this.completions = completions;
        this.metrics = metrics;
        this.deviceId = deviceId;
        this.session = session;
        this.operations = operations;
        this.partition = log.partitionFor(deviceId);
        this.throttle = throttle;
        this.pauses = pauses;
    }

    void publish(ChannelHandlerContext ctx, MqttPublishMessage publish) {
        long receivedNanos = System.nanoTime();
        String topic = publish.variableHeader().topicName();
        MqttQoS qos = publish.fixedHeader().qosLevel();
        if (qos != MqttQoS.AT_MOST_ONCE && qos != MqttQoS.AT_LEAST_ONCE) {
            session.closeWithReason("QoS " + qos.value() + " is not supported");
            return;
        }
        Optional<String> bag = DeviceTopics.eventPropertyBag(topic, deviceId);
        if (bag.isEmpty()) {
            operations.refused(deviceId, ctx.channel().remoteAddress(), "TOPIC_VIOLATION", "publish to " + topic);
            session.closeWithReason("publish to a topic the device may not use");
            return;
        }
        int size = publish.payload().readableBytes();
        if (size > MqttLimits.MAX_PAYLOAD_BYTES) {
            operations.refused(deviceId, ctx.channel().remoteAddress(), "OVERSIZED_MESSAGE",
                    size + " bytes, the limit is " + MqttLimits.MAX_PAYLOAD_BYTES);
            session.closeWithReason("message over " + MqttLimits.MAX_PAYLOAD_BYTES + " bytes");
            return;
        }
        PropertyBag properties;
        try {
            properties = PropertyBag.parse(bag.get());
        } catch (IllegalArgumentException e) {
            session.closeWithReason("bad property bag: " + e.getMessage());
            return;
        }
        if (properties.connectionDeviceId() != null && !properties.connectionDeviceId().equals(deviceId)) {
            operations.refused(deviceId, ctx.channel().remoteAddress(), "TOPIC_VIOLATION",
                    "$.cdid names another device");
            session.closeWithReason("$.cdid names another device");
            return;
        }
        ThrottleDecision decision = throttle.messageReceived(deviceId, operations.protocol(), ctx.channel().remoteAddress());
        if (decision.mustDisconnect()) {
            session.closeWithReason("over its D2C rate for longer than " + throttle.settings().disconnectAfter());
            return;
        }
        Map<String, String> system = new LinkedHashMap<>(properties.systemProperties());
        system.put(SystemProperty.CONNECTION_DEVICE_ID, deviceId);
        system.put(SystemProperty.CONNECTION_AUTH_METHOD, SystemProperty.SAS_DEVICE_AUTH_METHOD);
        byte[] body = ByteBufUtil.getBytes(publish.payload());
        TelemetryMessage message = new TelemetryMessage(deviceId, system, properties.applicationProperties(), body);
        int packetId = publish.variableHeader().packetId();
        Channel channel = ctx.channel();
        log.append(message).whenComplete((appended, failure) -> completions.execute(channel, () -> {
            if (failure != null) {
                session.closeWithReason("the log refused the message: " + failure.getMessage());
                return;
            }
            metrics.telemetryAppended(body.length);
            if (qos == MqttQoS.AT_LEAST_ONCE && channel.isActive()) {
                metrics.telemetryAcknowledged(System.nanoTime() - receivedNanos);
                channel.write(new MqttPubAckMessage(
                        new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                        MqttMessageIdVariableHeader.from(packetId)));
                completions.flushLater(channel);
            }
        }));
        if (!decision.allowed()) {
            pauses.throttleFor(decision.waitNanos());
        }
        if (!log.isWritable(partition) && !pauses.isLogFull()) {
            pauses.logFull();
            log.whenWritable(partition, () -> channel.eventLoop().execute(pauses::logDrained));
        }
    }
}
