package io.roost.bench.mqtt;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One device's MQTT connection: CONNECT, then PUBLISH at the pace of its {@link RateSchedule}
 * with at most {@code window} messages without PUBACK (QoS 1), then DISCONNECT. Writes go out in
 * batches: the PUBLISHes that PUBACKs of one read free up are flushed once, in
 * {@code channelReadComplete}. The time each message started (its due time when paced, its send
 * time when flat out) is kept in a table indexed by packet id, so a PUBACK's latency costs no
 * allocation. Not sharable; confined to the channel's event loop after {@link #handlerAdded}.
 */
final class DeviceConnection extends ChannelInboundHandlerAdapter {

    /** Most PUBLISHes written per call before yielding the event loop to other connections. */
    static final int MAX_BATCH = 256;

    private final DeviceCredentials credentials;
    private final LoadPlan plan;
    private final PublishEncoder encoder;
    private final Function<EventLoop, LoopDriver> drivers;
    private final CompletableFuture<Boolean> connectOutcome = new CompletableFuture<>();
    private final int[] slotPacketIds;
    private final long[] slotStartNanos;
    private final int slotMask;
    private final Runnable pumpTask = this::pumpLater;

    private ChannelHandlerContext ctx;
    private LoopDriver driver;
    private LoopStats stats;
    private long connectStartNanos;
    private ScheduledFuture<?> connAckTimeout;
    private boolean connected;
    private boolean closing;
    private boolean publishing;
    private boolean pumpScheduled;
    private boolean flushPending;
    private RateSchedule schedule;
    private int scheduleIndex;
    private long loadStartNanos;
    private long nextMessage;
    private int inFlight;
    private int lastPacketId;
    private long lastWriteNanos;

    DeviceConnection(DeviceCredentials credentials, LoadPlan plan, Function<EventLoop, LoopDriver> drivers) {
        this.credentials = credentials;
        this.plan = plan;
        this.encoder = new PublishEncoder(LoadOptions.topic(credentials.deviceId()), plan.qos(), plan.payload());
        this.drivers = drivers;
        int slots = Math.min(65_536, 2 * Integer.highestOneBit(Math.max(1, plan.window() * 2 - 1)));
        this.slotPacketIds = new int[slots];
        this.slotStartNanos = new long[slots];
        this.slotMask = slots - 1;
    }

    String deviceId() {
        return credentials.deviceId();
    }

    /** Completes true on CONNACK accepted, false when refused, failed or timed out (each counted). */
    CompletableFuture<Boolean> connectOutcome() {
        return connectOutcome;
    }

    /** The loop this connection runs on; set once the channel is registered. */
    EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    /** This device's place in the rate schedule, among the devices that connected; set before {@link #start}. */
    void scheduleIndex(int index) {
        this.scheduleIndex = index;
    }

    int scheduleIndex() {
        return scheduleIndex;
    }

    /** Call just before the TCP connect: the connect latency runs from here to CONNACK. */
    void connecting(long nowNanos) {
        connectStartNanos = nowNanos;
    }

    /** The TCP connect itself failed (refused, unreachable, timed out). On the event loop. */
    void tcpConnectFailed(Throwable cause) {
        if (!connectOutcome.isDone()) {
            stats.connectFailed("TCP connect of " + deviceId() + " failed: " + cause);
            connectOutcome.complete(false);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.driver = drivers.apply(ctx.channel().eventLoop());
        this.stats = driver.stats();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_3_1_1)
                .clientId(credentials.deviceId())
                .cleanSession(true)
                .keepAlive(plan.keepAliveSeconds());
        if (credentials.userName() != null) {
            connect.hasUser(true).username(credentials.userName());
        }
        if (credentials.password() != null) {
            connect.hasPassword(true).password(credentials.password().getBytes(StandardCharsets.UTF_8));
        }
        ctx.writeAndFlush(connect.build());
        lastWriteNanos = System.nanoTime();
        long remaining = plan.connectTimeoutNanos() - (lastWriteNanos - connectStartNanos);
        connAckTimeout = ctx.executor().schedule(() -> {
            if (!connected && !connectOutcome.isDone()) {
                stats.connectTimedOut("no CONNACK for " + deviceId() + " within the connect timeout");
                connectOutcome.complete(false);
                closing = true;
                ctx.close();
            }
        }, Math.max(0, remaining), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof MqttMessage mqtt) || mqtt.decoderResult().isFailure() || mqtt.fixedHeader() == null) {
                stats.unexpected("undecodable packet from the broker for " + deviceId());
                closeNow();
                return;
            }
            long now = System.nanoTime();
            switch (mqtt.fixedHeader().messageType()) {
                case PUBACK -> acked(now, ((MqttMessageIdVariableHeader) mqtt.variableHeader()).messageId());
                case CONNACK -> connAck(now, (MqttConnAckMessage) mqtt);
                case PINGRESP -> {
                    // keep-alive answered
                }
                default -> stats.unexpected("unexpected " + mqtt.fixedHeader().messageType() + " for " + deviceId());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void connAck(long now, MqttConnAckMessage connAck) {
        if (connected || connectOutcome.isDone()) {
            stats.unexpected("second CONNACK for " + deviceId());
            return;
        }
        connAckTimeout.cancel(false);
        MqttConnectReturnCode code = connAck.variableHeader().connectReturnCode();
        if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            stats.refused(code.byteValue(), "CONNACK " + code.byteValue() + " (" + code + ") for " + deviceId());
            connectOutcome.complete(false);
            closeNow();
            return;
        }
        connected = true;
        stats.connected(now - connectStartNanos);
        driver.add(this);
        connectOutcome.complete(true);
    }

    private void acked(long now, int packetId) {
        int slot = packetId & slotMask;
        if (slotPacketIds[slot] != packetId || packetId == 0) {
            stats.unexpected("PUBACK for packet id " + packetId + " not in flight on " + deviceId());
            return;
        }
        slotPacketIds[slot] = 0;
        inFlight--;
        stats.acked(now, now - slotStartNanos[slot]);
        pump(now, false);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (flushPending) {
            flushPending = false;
            ctx.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            schedulePump();
        }
    }

    /** Starts publishing: message k is due {@code schedule.dueNanos(scheduleIndex, k)} after {@code loadStartNanos}. */
    void start(RateSchedule schedule, long loadStartNanos) {
        this.schedule = schedule;
        this.loadStartNanos = loadStartNanos;
        this.publishing = connected && !closing;
        pump(System.nanoTime(), true);
    }

    /**
     * Writes every message that is due, while the window and the channel allow, at most
     * {@link #MAX_BATCH} before yielding; flushes now or, from a read, in channelReadComplete.
     */
    void pump(long now, boolean flushNow) {
        if (!publishing) {
            return;
        }
        long due = schedule.dueCount(scheduleIndex, now - loadStartNanos);
        int sent = 0;
        boolean qos1 = plan.qos() == 1;
        while (nextMessage < due && (!qos1 || inFlight < plan.window()) && ctx.channel().isWritable()) {
            if (sent == MAX_BATCH) {
                schedulePump();
                break;
            }
            int packetId = 0;
            if (qos1) {
                long startNanos = schedule.isFlatOut() ? now : loadStartNanos + schedule.dueNanos(scheduleIndex, nextMessage);
                packetId = claimPacketId(startNanos);
            }
            ctx.write(encoder.encode(ctx.alloc(), packetId), ctx.voidPromise());
            nextMessage++;
            sent++;
            stats.sent(now, !qos1);
        }
        if (sent > 0) {
            lastWriteNanos = now;
            if (flushNow) {
                ctx.flush();
            } else {
                flushPending = true;
            }
        }
    }

    private int claimPacketId(long startNanos) {
        // Terminates: fewer than window (< slots) ids are in flight, and ids 1-65535 reach every slot.
        while (true) {
            lastPacketId = lastPacketId == 65_535 ? 1 : lastPacketId + 1;
            int slot = lastPacketId & slotMask;
            if (slotPacketIds[slot] == 0) {
                slotPacketIds[slot] = lastPacketId;
                slotStartNanos[slot] = startNanos;
                inFlight++;
                stats.inFlight.increment();
                return lastPacketId;
            }
        }
    }

    private void schedulePump() {
        if (!pumpScheduled && publishing) {
            pumpScheduled = true;
            ctx.executor().execute(pumpTask);
        }
    }

    private void pumpLater() {
        pumpScheduled = false;
        pump(System.nanoTime(), true);
    }

    /** Once a second: PUBACK timeouts and keep-alive. On the event loop. */
    void housekeeping(long now) {
        if (inFlight > 0) {
            for (int slot = 0; slot < slotPacketIds.length; slot++) {
                if (slotPacketIds[slot] != 0 && now - slotStartNanos[slot] > plan.ackTimeoutNanos()) {
                    slotPacketIds[slot] = 0;
                    inFlight--;
                    stats.ackTimedOut("no PUBACK within the ack timeout on " + deviceId());
                }
            }
            pump(now, true);
        }
        long keepAliveNanos = TimeUnit.SECONDS.toNanos(plan.keepAliveSeconds());
        if (keepAliveNanos > 0 && now - lastWriteNanos >= keepAliveNanos / 2 && !closing) {
            ctx.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));
            lastWriteNanos = now;
        }
    }

    /** Sends nothing more; messages in flight may still be acknowledged. On the event loop. */
    void stopPublishing() {
        publishing = false;
    }

    int inFlight() {
        return inFlight;
    }

    /**
     * DISCONNECT, then close once it is written; completes when the channel has closed. A broker
     * that has stopped reading never takes the DISCONNECT (it waits behind the queued PUBLISHes),
     * so the end of a run follows this with {@link #closeNow()} after a grace period. On the event loop.
     */
    ChannelFuture disconnect() {
        publishing = false;
        if (!closing && ctx.channel().isActive()) {
            closing = true;
            ctx.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0)))
                    .addListener(ChannelFutureListener.CLOSE);
        }
        return ctx.channel().closeFuture();
    }

    /**
     * Closes the channel now, which releases every packet still queued in it. Shutting the event
     * loops down does not do that: with Netty 4.2 a channel still open when its loop terminates
     * stays open, and the PUBLISH buffers queued in it were reported by the leak detector once
     * the channel was collected. On the event loop.
     */
    void closeNow() {
        closing = true;
        publishing = false;
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connAckTimeout != null) {
            connAckTimeout.cancel(false);
        }
        if (!connectOutcome.isDone()) {
            stats.connectFailed("the broker closed the connection of " + deviceId() + " before CONNACK");
            connectOutcome.complete(false);
        }
        if (connected) {
            driver.remove(this);
            if (!closing) {
                stats.disconnected(inFlight, "the broker closed the connection of " + deviceId());
            } else {
                stats.connected.add(-1);
                stats.inFlight.add(-inFlight);
            }
            inFlight = 0;
            connected = false;
        }
        publishing = false;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or TLS failure: the close that follows is counted in channelInactive.
        if (stats.firstError == null) {
            stats.firstError = deviceId() + ": " + cause;
        }
        ctx.close();
    }
}
