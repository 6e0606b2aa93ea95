package io.roost.bench.scenario;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.roost.bench.mqtt.DeviceCredentials;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A device that connects and then mostly waits: CONNECT, optionally SUBSCRIBE to its C2D topic
 * ({@code devices/{id}/messages/devicebound/#}, QoS 1), PINGREQ every half keep-alive, and a PUBACK
 * for every C2D PUBLISH (which completes the message). For S3 (idle connections) and S6 (C2D
 * fan-out). Not sharable; confined to the channel's event loop.
 */
final class IdleDevice extends ChannelInboundHandlerAdapter {

    private final DeviceCredentials credentials;
    private final int keepAliveSeconds;
    private final boolean subscribeC2d;
    private final DeviceTally tally;
    private final CompletableFuture<Boolean> ready = new CompletableFuture<>();
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> pings;
    private boolean connected;
    private boolean closing;

    IdleDevice(DeviceCredentials credentials, int keepAliveSeconds, boolean subscribeC2d, DeviceTally tally) {
        this.credentials = credentials;
        this.keepAliveSeconds = keepAliveSeconds;
        this.subscribeC2d = subscribeC2d;
        this.tally = tally;
    }

    /** True once connected (and subscribed, if asked); false when refused or failed (each counted). */
    CompletableFuture<Boolean> ready() {
        return ready;
    }

    /** Counts a failed TCP connect or TLS handshake. Any thread. */
    void connectFailed(Throwable cause) {
        if (ready.complete(false)) {
            tally.failed.incrementAndGet();
            tally.error(credentials.deviceId() + ": " + cause);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_3_1_1).clientId(credentials.deviceId()).cleanSession(true)
                .keepAlive(keepAliveSeconds);
        if (credentials.userName() != null) {
            connect.hasUser(true).username(credentials.userName());
        }
        if (credentials.password() != null) {
            connect.hasPassword(true).password(credentials.password().getBytes(StandardCharsets.UTF_8));
        }
        ctx.writeAndFlush(connect.build());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof MqttMessage mqtt) || mqtt.decoderResult().isFailure() || mqtt.fixedHeader() == null) {
                tally.error(credentials.deviceId() + ": undecodable packet");
                ctx.close();
                return;
            }
            switch (mqtt.fixedHeader().messageType()) {
                case CONNACK -> connAck(ctx, (MqttConnAckMessage) mqtt);
                case SUBACK -> ready.complete(true);
                case PUBLISH -> c2d(ctx, (MqttPublishMessage) mqtt);
                case PINGRESP -> tally.pingResponses.incrementAndGet();
                default -> tally.error(credentials.deviceId() + ": unexpected " + mqtt.fixedHeader().messageType());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void connAck(ChannelHandlerContext ctx, MqttConnAckMessage connAck) {
        if (connAck.variableHeader().connectReturnCode() != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            tally.refused.incrementAndGet();
            tally.error(credentials.deviceId() + ": CONNACK " + connAck.variableHeader().connectReturnCode());
            ready.complete(false);
            closing = true;
            ctx.close();
            return;
        }
        connected = true;
        tally.connected.incrementAndGet();
        tally.lastConnAckNanos.accumulateAndGet(System.nanoTime(), Math::max);
        if (keepAliveSeconds > 0) {
            long periodMillis = keepAliveSeconds * 500L;
            pings = ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(new MqttMessage(
                    new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0))),
                    periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        }
        if (subscribeC2d) {
            ctx.writeAndFlush(MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "devices/" + credentials.deviceId() + "/messages/devicebound/#")
                    .build());
        } else {
            ready.complete(true);
        }
    }

    private void c2d(ChannelHandlerContext ctx, MqttPublishMessage publish) {
        if (publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
            ctx.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                    MqttMessageIdVariableHeader.from(publish.variableHeader().packetId())));
        }
        tally.c2dCompleted.incrementAndGet();
        tally.lastC2dNanos.accumulateAndGet(System.nanoTime(), Math::max);
    }

    /** DISCONNECT and close, once connected; nothing before. Any thread. */
    void disconnect() {
        if (ctx == null) {
            return;
        }
        ctx.executor().execute(() -> {
            closing = true;
            ctx.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0)))
                    .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (pings != null) {
            pings.cancel(false);
        }
        if (!ready.isDone() && !connected) {
            connectFailed(new IllegalStateException("closed before CONNACK"));
        } else if (!ready.isDone()) {
            ready.complete(false);
            tally.error(credentials.deviceId() + ": closed before SUBACK");
        }
        if (connected && !closing) {
            tally.dropped.incrementAndGet();
            tally.error(credentials.deviceId() + ": the broker closed the connection");
        }
        connected = false;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        tally.error(credentials.deviceId() + ": " + cause);
        ctx.close();
    }
}
