package io.roost.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.roost.core.error.RoostException;
import io.roost.registry.device.DeviceId;
import io.roost.registry.sas.SasToken;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The first step of every connection: waits for CONNECT, checks client id and user name, then
 * authenticates the SAS token (the password) with the registry off the event loop, reading nothing
 * meanwhile. Accepted: registers the session, replaces itself with a {@link SessionHandler} and the
 * connect timeout with the keep-alive timeout (1.5 x the client's keep-alive), then sends CONNACK.
 * Refused: CONNACK with the MQTT 3.1.1 return code, logged, then close; a device over its connects
 * per minute ({@code Throttle#connect}) gets 0x03 "server unavailable". Anything but CONNECT
 * first closes the connection. Not sharable; confined to the channel's event loop.
 */
final class ConnectHandler extends ChannelInboundHandlerAdapter {

    /** Packets a client may send behind CONNECT before CONNACK; more closes the connection. */
    static final int MAX_PENDING_PACKETS = 64;

    private final MqttEndpoint endpoint;
    private final MqttOperationsLog operations;
    private final Queue<Object> pending = new ArrayDeque<>();
    private boolean connectSeen;

    ConnectHandler(MqttEndpoint endpoint, MqttOperationsLog operations) {
        this.endpoint = endpoint;
        this.operations = operations;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (connectSeen) {
                // A client need not wait for CONNACK (MQTT 3.1.1 section 3.1.4): keep what it sent
                // behind CONNECT for the session, or drop it if the CONNECT is refused
                // (MQTT-3.1.4-5). autoRead is off, so this is at most what one read decoded.
                if (pending.size() >= MAX_PENDING_PACKETS) {
                    authFailed(ctx, null,
                            "more than " + MAX_PENDING_PACKETS + " packets before CONNACK");
                    ctx.close();
                    return;
                }
                pending.add(ReferenceCountUtil.retain(msg));
                return;
            }
            if (!(msg instanceof MqttMessage mqtt)) {
                ctx.close();
                return;
            }
            if (mqtt.fixedHeader() == null) {
                // Undecodable before any header was read (e.g. a bad remaining length).
                authFailed(ctx, null,
                        "malformed first packet: " + mqtt.decoderResult().cause());
                ctx.close();
                return;
            }
            if (mqtt.fixedHeader().messageType() != MqttMessageType.CONNECT) {
                authFailed(ctx, null,
                        mqtt.fixedHeader().messageType() + " before CONNECT");
                ctx.close();
                return;
            }
            connectSeen = true;
            if (mqtt.decoderResult().isFailure()) {
                refuseUndecodable(ctx, mqtt.decoderResult().cause());
                return;
            }
            connect(ctx, (MqttConnectMessage) mqtt);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void refuseUndecodable(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof MqttIdentifierRejectedException) {
            refuse(ctx, null, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, "client id rejected");
        } else if (cause instanceof MqttUnacceptableProtocolVersionException) {
            refuse(ctx, null, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                    "unsupported protocol version");
        } else {
            authFailed(ctx, null, "malformed CONNECT: " + cause.getMessage());
            ctx.close();
        }
    }

    private void connect(ChannelHandlerContext ctx, MqttConnectMessage connect) {
        String clientId = connect.payload().clientIdentifier();
        if (connect.variableHeader().version() != MqttVersion.MQTT_3_1_1.protocolLevel()) {
            refuse(ctx, clientId, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                    "unsupported protocol level " + connect.variableHeader().version());
            return;
        }
        if (!DeviceId.isValid(clientId)) {
            refuse(ctx, null, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, "client id is not a valid device id");
            return;
        }
        UserName userName = UserName.parse(connect.payload().userName());
        byte[] password = connect.payload().passwordInBytes();
        if (userName == null || password == null || !endpoint.acceptsHost(userName.host())) {
            refuse(ctx, clientId, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
                    userName == null ? "user name is not {host}/{deviceId}/?api-version=..."
                            : password == null ? "no password (SAS token)" : "user name names another host");
            return;
        }
        if (!userName.deviceId().equals(clientId)) {
            refuse(ctx, clientId, MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                    "user name names another device than the client id");
            return;
        }
        int keepAliveSeconds = connect.variableHeader().keepAliveTimeSeconds();
        boolean cleanSession = connect.variableHeader().isCleanSession();
        Channel channel = ctx.channel();
        String token = new String(password, StandardCharsets.UTF_8);
        channel.config().setAutoRead(false);
        endpoint.sessions().authenticating(clientId, channel);
        endpoint.registry().authenticateDevice(clientId, token)
                .whenComplete((device, failure) -> channel.eventLoop().execute(() -> {
                    if (!channel.isActive()) {
                        return;
                    }
                    if (failure != null) {
                        refuseAuthentication(ctx, clientId, failure);
                    } else if (!endpoint.throttle().connect(clientId, operations.protocol(), channel.remoteAddress())
                            .allowed()) {
                        // Checked after authentication, so nobody but the device uses up its connects.
                        // The throttle logged and counted it; this is no authentication failure.
                        ctx.writeAndFlush(connAck(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, false))
                                .addListener(ChannelFutureListener.CLOSE);
                    } else {
                        accept(ctx, clientId, keepAliveSeconds, cleanSession, SasToken.parse(token).expiryEpochSeconds());
                    }
                }));
    }

    private void refuseAuthentication(ChannelHandlerContext ctx, String deviceId, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof RoostException roost) {
            MqttConnectReturnCode code = switch (roost.status()) {
                case UNAUTHORIZED -> roost.getMessage() != null && roost.getMessage().contains("disabled")
                        ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED
                        : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
                case FORBIDDEN -> MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
                default -> MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
            };
            refuse(ctx, deviceId, code, roost.getMessage());
        } else {
            refuse(ctx, deviceId, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "internal error: " + cause);
        }
    }

    private void accept(ChannelHandlerContext ctx, String deviceId, int keepAliveSeconds, boolean cleanSession,
            long tokenExpiryEpochSeconds) {
        Channel channel = ctx.channel();
        endpoint.sessions().register(deviceId, channel);
        if (keepAliveSeconds > 0) {
            // MQTT-3.1.2-24: one and a half times the keep-alive without a packet ends the connection.
            long timeoutMillis = keepAliveSeconds * 1500L;
            channel.pipeline().replace(MqttChannelInitializer.IDLE, MqttChannelInitializer.IDLE,
                    new IdleStateHandler(timeoutMillis, 0, 0, TimeUnit.MILLISECONDS));
        } else {
            channel.pipeline().remove(MqttChannelInitializer.IDLE);
        }
        List<Object> queued = new ArrayList<>(pending);
        pending.clear();
        // A clean session discards the persistent one; otherwise a C2D subscription it held resumes.
        if (cleanSession) {
            endpoint.sessions().persistentC2dSubscription(deviceId, false);
        }
        boolean sessionPresent = !cleanSession && endpoint.sessions().hasPersistentC2dSubscription(deviceId);
        SessionHandler session = new SessionHandler(endpoint, deviceId, channel, cleanSession, operations);
        channel.pipeline().replace(this, MqttChannelInitializer.SESSION, session);
        closeWhenTokenExpires(channel, session, deviceId, tokenExpiryEpochSeconds);
        operations.connected(deviceId, channel.remoteAddress());
        endpoint.metrics().deviceConnected();
        channel.writeAndFlush(connAck(MqttConnectReturnCode.CONNECTION_ACCEPTED, sessionPresent));
        if (sessionPresent) {
            session.resumeC2d();
        }
        // Reading resumes first, so back-pressure the queued packets cause is not undone; the next
        // read happens after this task, so the order of packets holds.
        channel.config().setAutoRead(true);
        // Packets sent behind CONNECT go to the session in order, from just after the decoder.
        ChannelHandlerContext decoder = channel.pipeline().context(MqttChannelInitializer.DECODER);
        queued.forEach(decoder::fireChannelRead);
    }

    /** IoT Hub ends a session when its SAS token expires; the device reconnects with a fresh one. */
    private void closeWhenTokenExpires(Channel channel, SessionHandler session, String deviceId, long expiryEpochSeconds) {
        long delayMillis = expiryEpochSeconds * 1000 - endpoint.clock().millis();
        ScheduledFuture<?> expiry = channel.eventLoop().schedule(() -> {
            operations.refused(deviceId, channel.remoteAddress(), "TOKEN_EXPIRED", "the SAS token expired");
            session.closeWithReason("SAS token expired");
        }, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(done -> expiry.cancel(false));
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // Refused or closed while authenticating: what the client sent behind CONNECT is dropped.
        for (Object msg; (msg = pending.poll()) != null; ) {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Every connection refused before it became a session is logged and counted alike. */
    private void authFailed(ChannelHandlerContext ctx, String deviceId, String reason) {
        operations.authFailed(deviceId, ctx.channel().remoteAddress(), reason);
        endpoint.metrics().authenticationFailed();
    }

    private void refuse(ChannelHandlerContext ctx, String deviceId, MqttConnectReturnCode code, String reason) {
        authFailed(ctx, deviceId, reason + " (CONNACK " + code.byteValue() + ")");
        ctx.writeAndFlush(connAck(code, false)).addListener(ChannelFutureListener.CLOSE);
    }

    private static MqttConnAckMessage connAck(MqttConnectReturnCode code, boolean sessionPresent) {
        return MqttMessageBuilders.connAck().returnCode(code).sessionPresent(sessionPresent).build();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            authFailed(ctx, null, "no CONNECT within "
                    + MqttLimits.CONNECT_TIMEOUT_SECONDS + " s");
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
