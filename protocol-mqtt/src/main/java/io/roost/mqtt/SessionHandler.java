package io.roost.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.roost.core.metrics.ProtocolMetrics;
import io.roost.mqtt.topic.DeviceTopics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * An authenticated device's connection: dispatches each packet to its flow (D2C publish to
 * {@link D2cPublisher}, C2D subscription and PUBACK to {@link C2dDelivery}, SUBSCRIBE,
 * UNSUBSCRIBE, PINGREQ, DISCONNECT) and logs the disconnect with its reason. A second CONNECT, QoS 2, a malformed or oversized packet closes the connection.
 * While the device is throttled ({@link ReadPauses}), packets already read and decoded are held,
 * in order, and processed when the pause ends; reading is off meanwhile, so they are at most
 * what one read brought.
 * Not sharable; confined to the channel's event loop.
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {

    /** SUBACK failure return code (MQTT 3.1.1 section 3.9.3). */
    private static final int SUBACK_FAILURE = 0x80;

    private final String deviceId;
    private final boolean cleanSession;
    private final MqttSessions sessions;
    private final ProtocolMetrics metrics;
    private final MqttOperationsLog operations;
    private final D2cPublisher publisher;
    private final C2dDelivery c2d;
    private final ArrayDeque<MqttMessage> held = new ArrayDeque<>();
    private final ReadPauses pauses;
    private ChannelHandlerContext ctx;
    private String closeReason;

    SessionHandler(MqttEndpoint endpoint, String deviceId, Channel channel, boolean cleanSession,
            MqttOperationsLog operations) {
        this.deviceId = deviceId;
        this.operations = operations;
        this.cleanSession = cleanSession;
        this.sessions = endpoint.sessions();
        this.c2d = new C2dDelivery(endpoint.c2d(), deviceId, channel, endpoint.clock());
        this.metrics = endpoint.metrics();
        this.pauses = new ReadPauses(channel, this::processHeld, () -> !held.isEmpty());
        this.publisher = new D2cPublisher(endpoint.log(), endpoint.completions(), metrics, deviceId, this, operations,
                endpoint.throttle(), pauses);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closeReason == null && msg instanceof MqttMessage mqtt && (pauses.isThrottled() || !held.isEmpty())) {
            held.add(mqtt);
            return;
        }
        process(ctx, msg);
    }

    /** The throttle pause is over: held packets go on, until the next pause. */
    private void processHeld() {
        while (!held.isEmpty() && !pauses.isThrottled()) {
            process(ctx, held.poll());
        }
    }

    private void process(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closeReason != null) {
                return;
            }
            if (!(msg instanceof MqttMessage mqtt)) {
                closeWithReason("not an MQTT packet");
                return;
            }
            // Checked first: an undecodable packet (bad remaining length) has no fixed header.
            if (mqtt.decoderResult().isFailure()) {
                Throwable cause = mqtt.decoderResult().cause();
                if (cause instanceof TooLongFrameException) {
                    operations.refused(deviceId, ctx.channel().remoteAddress(), "OVERSIZED_MESSAGE", cause.getMessage());
                    closeWithReason("message over " + MqttLimits.MAX_PAYLOAD_BYTES + " bytes");
                } else {
                    closeWithReason("malformed packet: " + cause.getMessage());
                }
                return;
            }
            dispatch(ctx, mqtt);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void dispatch(ChannelHandlerContext ctx, MqttMessage mqtt) {
        MqttFixedHeader header = mqtt.fixedHeader();
        switch (header.messageType()) {
            case PUBLISH -> publisher.publish(ctx, (MqttPublishMessage) mqtt);
            case SUBSCRIBE -> subscribe(ctx, (MqttSubscribeMessage) mqtt);
            case UNSUBSCRIBE -> unsubscribe(ctx, (MqttUnsubscribeMessage) mqtt);
            case PINGREQ -> ctx.writeAndFlush(new MqttMessage(
                    new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0)));
            case DISCONNECT -> closeWithReason("client disconnected");
            case PUBACK -> c2d.acknowledged(((MqttPubAckMessage) mqtt).variableHeader().messageId());
            case CONNECT -> closeWithReason("second CONNECT on the connection");
            default -> closeWithReason("unexpected " + header.messageType() + " from a device");
        }
    }

    private void subscribe(ChannelHandlerContext ctx, MqttSubscribeMessage subscribe) {
        List<Integer> granted = new ArrayList<>();
        boolean c2dSubscribed = false;
        for (MqttTopicSubscription subscription : subscribe.payload().topicSubscriptions()) {
            if (DeviceTopics.maySubscribe(subscription.topicFilter(), deviceId)) {
                granted.add(Math.min(subscription.qualityOfService().value(), MqttQoS.AT_LEAST_ONCE.value()));
                c2dSubscribed |= subscription.topicFilter().equals(DeviceTopics.c2dFilter(deviceId));
            } else {
                operations.refused(deviceId, ctx.channel().remoteAddress(), "TOPIC_VIOLATION",
                        "subscribe to " + subscription.topicFilter());
                granted.add(SUBACK_FAILURE);
            }
        }
        ctx.writeAndFlush(new MqttSubAckMessage(
                new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(subscribe.variableHeader().messageId()),
                new MqttSubAckPayload(granted)));
        if (c2dSubscribed) {
            // After the SUBACK, so the device knows the subscription before the first message.
            if (!cleanSession) {
                sessions.persistentC2dSubscription(deviceId, true);
            }
            c2d.start();
        }
    }

    private void unsubscribe(ChannelHandlerContext ctx, MqttUnsubscribeMessage unsubscribe) {
        if (unsubscribe.payload().topics().contains(DeviceTopics.c2dFilter(deviceId))) {
            c2d.stop();
            sessions.persistentC2dSubscription(deviceId, false);
        }
        ctx.writeAndFlush(new MqttUnsubAckMessage(
                new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(unsubscribe.variableHeader().messageId())));
    }

    /** The persistent session this connection resumed holds a C2D subscription: deliver again. */
    void resumeC2d() {
        c2d.start();
    }

    /** The device's C2D queue may have a message now. Event loop only. */
    void c2dAvailable() {
        c2d.available();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            c2d.pull();
        }
        super.channelWritabilityChanged(ctx);
    }

    /** Closes the connection; the first reason given is the one logged. Event loop only. */
    void closeWithReason(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            // Nothing was read because we stopped reading, not because the device went quiet.
            if (pauses.isThrottled() || !held.isEmpty() || pauses.isLogFull()) {
                return;
            }
            closeWithReason("keep-alive timeout");
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (closeReason == null) {
            // The message says what went wrong, e.g. which limit a WebSocket frame exceeded.
            closeReason = "connection error: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        super.exceptionCaught(ctx, cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        operations.disconnected(deviceId, ctx.channel().remoteAddress(),
                closeReason == null ? "connection closed by the client" : closeReason);
        metrics.deviceDisconnected();
        c2d.closed();
        for (MqttMessage msg; (msg = held.poll()) != null; ) {
            ReferenceCountUtil.release(msg);
        }
        super.channelInactive(ctx);
    }
}
