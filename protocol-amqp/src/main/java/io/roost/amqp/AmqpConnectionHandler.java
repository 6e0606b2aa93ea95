package io.roost.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.roost.core.log.StartPosition;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.TransportResult;

/**
 * Runs one connection's Proton-J engine on the channel's event loop: bytes read go into the
 * transport's tail, the collector's events are dispatched (sessions, links, deliveries), and the
 * transport's pending output is written to the channel. Asynchronous steps (authentication, log
 * appends, C2D queue calls) come back through {@link #execute(Runnable)}, which processes the engine
 * again and flushes. Holds which devices the connection is authorized for (by SASL PLAIN or CBS
 * put-token) and until when; links of a device whose token expires or is revoked are closed.
 *
 * <p>Not sharable; confined to the channel's event loop.
 */
final class AmqpConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Symbol EPOCH = Symbol.valueOf("com.microsoft:epoch");

    private final AmqpEndpoint endpoint;
    private final AmqpOperationsLog operations;
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Collector collector = Proton.collector();
    private final Map<String, Long> authorizedUntilMillis = new HashMap<>();
    private final List<LinkHandler> links = new ArrayList<>();
    private final CbsNode cbs;
    private final ManagementNode management;
    private long serviceAuthorizedUntilMillis;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> authTimeout;
    private ScheduledFuture<?> tick;
    private long tickDeadline;
    private String saslDevice;
    private int sessions;
    private boolean closing;
    private boolean ended;

    AmqpConnectionHandler(AmqpEndpoint endpoint, AmqpOperationsLog operations) {
        this.endpoint = endpoint;
        this.operations = operations;
        this.cbs = new CbsNode(this);
        this.management = new ManagementNode(this, endpoint.eventHub());
        transport.setMaxFrameSize(AmqpLimits.MAX_FRAME_BYTES);
        transport.setChannelMax(AmqpLimits.MAX_SESSIONS - 1);
        new SaslServer(this).install(transport.sasl());
        connection.collect(collector);
        transport.bind(connection);
    }

    AmqpEndpoint endpoint() {
        return endpoint;
    }

    AmqpOperationsLog operations() {
        return operations;
    }

    SocketAddress remote() {
        return ctx.channel().remoteAddress();
    }

    Channel channel() {
        return ctx.channel();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // Behind a WebSocket upgrade the channel is active already: no channelActive follows.
        if (ctx.channel().isActive()) {
            startAuthTimeout();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        startAuthTimeout();
        super.channelActive(ctx);
    }

    private void startAuthTimeout() {
        if (authTimeout != null) {
            return;
        }
        authTimeout = ctx.executor().schedule(() -> {
            if (authorizedUntilMillis.isEmpty() && serviceAuthorizedUntilMillis == 0) {
                authFailed(null, "no device or service authenticated within " + AmqpLimits.AUTH_TIMEOUT_SECONDS + " s");
                ctx.close();
            }
        }, AmqpLimits.AUTH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof ByteBuf in) || ended) {
                return;
            }
            while (in.isReadable()) {
                int capacity = transport.capacity();
                if (capacity <= 0) {
                    // The transport takes no more input (it failed or closed): drop the rest.
                    in.skipBytes(in.readableBytes());
                    break;
                }
                int length = Math.min(capacity, in.readableBytes());
                transport.tail().put(in.nioBuffer(in.readerIndex(), length));
                in.skipBytes(length);
                TransportResult result = transport.processInput();
                if (!result.isOk()) {
                    protocolError(result.getErrorDescription());
                    in.skipBytes(in.readableBytes());
                    break;
                }
            }
            pump();
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Runs {@code task} on the event loop unless the connection ended, then processes the engine and flushes. */
    void execute(Runnable task) {
        ctx.executor().execute(() -> {
            if (ended) {
                return;
            }
            task.run();
            pump();
        });
    }

    /** Dispatches the engine's events and writes its output, until neither has more. */
    void pump() {
        if (ended) {
            return;
        }
        do {
            for (Event event; (event = collector.peek()) != null; collector.pop()) {
                dispatch(event);
            }
            writeOutput();
        } while (collector.peek() != null);
    }

    private void writeOutput() {
        boolean wrote = false;
        while (true) {
            int pending = transport.pending();
            if (pending < 0) {
                // Head closed: everything the engine will ever say is written.
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                ended = true;
                return;
            }
            if (pending == 0) {
                break;
            }
            ByteBuffer head = transport.head();
            ByteBuf out = ctx.alloc().buffer(pending);
            ByteBuffer slice = head.duplicate();
            slice.limit(slice.position() + pending);
            out.writeBytes(slice);
            transport.pop(pending);
            ctx.write(out);
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (closing) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            ended = true;
            return;
        }
        scheduleTick();
    }

    /** Idle-timeout keep-alives: Proton asks to be ticked by a deadline when the peer set one. */
    private void scheduleTick() {
        long now = System.nanoTime() / 1_000_000;
        long deadline = transport.tick(now);
        if (deadline == 0 || (tick != null && !tick.isDone() && tickDeadline <= deadline)) {
            return;
        }
        if (tick != null) {
            tick.cancel(false);
        }
        tickDeadline = deadline;
        tick = ctx.executor().schedule(this::pump, Math.max(1, deadline - now), TimeUnit.MILLISECONDS);
    }

    private void dispatch(Event event) {
        switch (event.getType()) {
            case CONNECTION_REMOTE_OPEN -> {
                connection.setContainer("roost");
                connection.open();
            }
            case CONNECTION_REMOTE_CLOSE -> connection.close();
            case SESSION_REMOTE_OPEN -> sessionOpened(event.getSession());
            case SESSION_REMOTE_CLOSE -> {
                Session session = event.getSession();
                if (session.getContext() != null) {
                    sessions--;
                }
                session.close();
            }
            case LINK_REMOTE_OPEN -> linkOpened(event.getLink());
            case LINK_REMOTE_CLOSE, LINK_REMOTE_DETACH -> linkEnded(event.getLink());
            case LINK_FLOW -> {
                if (event.getLink().getContext() instanceof LinkHandler handler) {
                    handler.flow();
                }
            }
            case DELIVERY -> {
                if (event.getLink().getContext() instanceof LinkHandler handler) {
                    handler.delivery(event.getDelivery());
                }
            }
            case TRANSPORT_ERROR -> {
                ErrorCondition condition = transport.getCondition();
                protocolError(condition == null ? "transport error" : condition.getDescription());
            }
            default -> {
            }
        }
    }

    private void sessionOpened(Session session) {
        if (sessions >= AmqpLimits.MAX_SESSIONS) {
            session.setCondition(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED,
                    "at most " + AmqpLimits.MAX_SESSIONS + " sessions per connection"));
            session.open();
            session.close();
            return;
        }
        sessions++;
        session.setContext(Boolean.TRUE);
        session.open();
    }

    private void linkOpened(Link link) {
        link.setSource(link.getRemoteSource());
        link.setTarget(link.getRemoteTarget());
        if (links.size() >= AmqpLimits.MAX_LINKS) {
            refuse(link, AmqpError.RESOURCE_LIMIT_EXCEEDED, "at most " + AmqpLimits.MAX_LINKS + " links per connection");
            return;
        }
        String address = link instanceof Receiver
                ? link.getRemoteTarget() instanceof Target target ? target.getAddress() : null
                : link.getRemoteSource() instanceof Source source ? source.getAddress() : null;
        EventHubAddress eventHub = EventHubAddress.parse(address, endpoint.registry().hubName());
        if (eventHub != null) {
            eventHubLinkOpened(link, eventHub, address);
            return;
        }
        LinkAddress parsed = LinkAddress.parse(address);
        if (parsed.kind() == LinkAddress.Kind.CBS) {
            add(link instanceof Receiver receiver ? cbs.requestLink(receiver) : cbs.replyLink((Sender) link));
            return;
        }
        if (parsed.kind() == LinkAddress.Kind.UNKNOWN) {
            operations.attachRefused(null, remote(), "attach to unknown address " + address);
            refuse(link, AmqpError.NOT_FOUND, "no such node: " + address);
            return;
        }
        String deviceId = parsed.deviceId();
        if (!isAuthorized(deviceId)) {
            operations.attachRefused(deviceId, remote(), "attach to " + address + " without a valid token for the device");
            refuse(link, AmqpError.UNAUTHORIZED_ACCESS, "not authorized for " + address);
            return;
        }
        LinkHandler handler = switch (parsed.kind()) {
            case EVENTS -> link instanceof Receiver receiver ? new D2cLink(this, receiver, deviceId) : null;
            case DEVICEBOUND -> link instanceof Sender sender ? new C2dLink(this, sender, deviceId) : null;
            case TWIN, METHODS -> new IdleLink(link, deviceId);
            default -> null;
        };
        if (handler == null) {
            refuse(link, AmqpError.NOT_ALLOWED, "wrong direction for " + address);
            return;
        }
        add(handler);
    }

    /** A link to {@code $management} or a partition receiver of the Event Hubs-compatible endpoint. */
    private void eventHubLinkOpened(Link link, EventHubAddress address, String rawAddress) {
        if (address.isManagement()) {
            add(link instanceof Receiver receiver ? management.requestLink(receiver) : management.replyLink((Sender) link));
            return;
        }
        if (!(link instanceof Sender sender)) {
            refuse(link, AmqpError.NOT_ALLOWED, "partitions are read, not written: " + rawAddress);
            return;
        }
        if (!isServiceAuthorized()) {
            operations.attachRefused(null, remote(), "attach to " + rawAddress + " without a valid service token");
            refuse(link, AmqpError.UNAUTHORIZED_ACCESS, "not authorized for " + rawAddress);
            return;
        }
        if (address.partition() >= endpoint.log().partitionCount()
                || !(ConsumerGroupsCheck.exists(endpoint.log(), address.group()))) {
            refuse(link, AmqpError.NOT_FOUND, "no such partition or consumer group: " + rawAddress);
            return;
        }
        StartPosition start;
        try {
            start = SelectorFilter.startPosition(link.getRemoteSource() instanceof Source source ? source.getFilter() : null);
        } catch (IllegalArgumentException e) {
            refuse(link, AmqpError.INVALID_FIELD, e.getMessage());
            return;
        }
        if (start instanceof StartPosition.Latest) {
            // "Latest" means after the attach, not after the read pool gets to it: pin the offset now.
            // partitionInfo is an in-memory snapshot, cheap on the event loop.
            start = StartPosition.fromOffset(endpoint.log().partitionInfo(address.partition()).nextOffset());
        }
        Object epochProperty = link.getRemoteProperties() == null ? null : link.getRemoteProperties().get(EPOCH);
        Long epoch = epochProperty instanceof Number number ? number.longValue() : null;
        PartitionLink handler = new PartitionLink(this, sender, endpoint.eventHub(), address.group(), address.partition(),
                epoch, start);
        PartitionOwners.Admission admission = endpoint.eventHub().owners().admit(handler);
        if (admission.refusal() != null) {
            refuse(link, PartitionLink.STOLEN, admission.refusal());
            return;
        }
        for (PartitionLink stolen : admission.stolen()) {
            stolen.steal("a receiver with epoch " + epoch + " took partition " + address.partition()
                    + " of consumer group " + address.group());
        }
        sender.setSenderSettleMode(SenderSettleMode.SETTLED);
        if (link.getRemoteProperties() != null && epoch != null) {
            link.setProperties(Map.of(EPOCH, epoch));
        }
        sender.open();
        add(handler);
        handler.flow();
    }

    boolean isServiceAuthorized() {
        return serviceAuthorizedUntilMillis > endpoint.clock().millis();
    }

    /**
     * A service proved a ServiceConnect policy token valid until {@code untilMillis}; a later one
     * extends it. When the latest expires, the connection's partition receivers close.
     */
    void authorizeService(long untilMillis) {
        if (untilMillis <= serviceAuthorizedUntilMillis) {
            return;
        }
        serviceAuthorizedUntilMillis = untilMillis;
        if (authTimeout != null) {
            authTimeout.cancel(false);
        }
        long delayMillis = Math.max(0, untilMillis - endpoint.clock().millis());
        ScheduledFuture<?> expiry = ctx.executor().schedule(() -> execute(() -> {
            if (!isServiceAuthorized()) {
                for (LinkHandler handler : List.copyOf(links)) {
                    if (handler instanceof PartitionLink) {
                        closeLink(handler, AmqpError.UNAUTHORIZED_ACCESS, "SAS token expired");
                    }
                }
            }
        }), delayMillis, TimeUnit.MILLISECONDS);
        ctx.channel().closeFuture().addListener(done -> expiry.cancel(false));
    }

    private void add(LinkHandler handler) {
        handler.link().setContext(handler);
        links.add(handler);
    }

    /** Answers the attach and detaches at once with the condition (AMQP 1.0 section 2.6.3). */
    private void refuse(Link link, Symbol condition, String description) {
        if (link instanceof Receiver) {
            link.setTarget(null);
        } else {
            link.setSource(null);
        }
        link.setCondition(new ErrorCondition(condition, description));
        link.open();
        link.close();
    }

    private void linkEnded(Link link) {
        if (link.getContext() instanceof LinkHandler handler) {
            links.remove(handler);
            handler.closed();
            link.setContext(null);
        }
        if (link.getLocalState() != EndpointState.CLOSED) {
            link.close();
        }
    }

    /** Closes a link this side decided to end, with the condition. */
    void closeLink(LinkHandler handler, Symbol condition, String description) {
        links.remove(handler);
        handler.closed();
        handler.link().setContext(null);
        handler.link().setCondition(new ErrorCondition(condition, description));
        handler.link().close();
    }

    boolean isAuthorized(String deviceId) {
        Long until = authorizedUntilMillis.get(deviceId);
        return until != null && until > endpoint.clock().millis();
    }

    /** The device proved a token valid until {@code untilMillis}; a renewed token extends it. */
    void authorize(String deviceId, long untilMillis) {
        boolean first = !authorizedUntilMillis.containsKey(deviceId);
        authorizedUntilMillis.put(deviceId, untilMillis);
        if (first) {
            endpoint.devices().add(deviceId, this);
            operations.connected(deviceId, remote());
            endpoint.metrics().deviceConnected();
            if (authTimeout != null) {
                authTimeout.cancel(false);
            }
        }
        long delayMillis = Math.max(0, untilMillis - endpoint.clock().millis());
        ScheduledFuture<?> expiry = ctx.executor().schedule(() -> execute(() -> {
            Long until = authorizedUntilMillis.get(deviceId);
            if (until != null && until <= endpoint.clock().millis()) {
                operations.tokenExpired(deviceId, remote());
                revoke(deviceId, "SAS token expired");
            }
        }), delayMillis, TimeUnit.MILLISECONDS);
        ctx.channel().closeFuture().addListener(done -> expiry.cancel(false));
    }

    /** The device may no longer use this connection: its links end; a SASL PLAIN connection ends. */
    void revoke(String deviceId, String reason) {
        if (authorizedUntilMillis.remove(deviceId) == null) {
            return;
        }
        deviceGone(deviceId, reason);
        for (LinkHandler handler : List.copyOf(links)) {
            if (deviceId.equals(handler.deviceId())) {
                closeLink(handler, AmqpError.UNAUTHORIZED_ACCESS, reason);
            }
        }
        if (deviceId.equals(saslDevice)) {
            close(AmqpError.UNAUTHORIZED_ACCESS, reason);
        }
    }

    private void deviceGone(String deviceId, String reason) {
        endpoint.devices().remove(deviceId, this);
        operations.disconnected(deviceId, remote(), reason);
        endpoint.metrics().deviceDisconnected();
    }

    void saslAuthenticated(String deviceId, long untilMillis) {
        saslDevice = deviceId;
        authorize(deviceId, untilMillis);
    }

    /** The C2D queue of the device may have a message now. */
    void c2dAvailable(String deviceId) {
        for (LinkHandler handler : links) {
            if (handler instanceof C2dLink c2d && deviceId.equals(c2d.deviceId())) {
                c2d.available();
            }
        }
    }

    /** C2D links stop taking messages while the channel's outbound buffer is full; they resume here. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable() && !ended) {
            for (LinkHandler handler : List.copyOf(links)) {
                if (handler instanceof C2dLink c2d) {
                    c2d.available();
                }
            }
            pump();
        }
        super.channelWritabilityChanged(ctx);
    }

    void authFailed(String deviceId, String reason) {
        operations.authFailed(deviceId, remote(), reason);
        endpoint.metrics().authenticationFailed();
    }

    /** Closes the AMQP connection with a condition, then the channel once the close frame is written. */
    void close(Symbol condition, String description) {
        connection.setCondition(new ErrorCondition(condition, description));
        connection.close();
        closing = true;
    }

    /** Closes the channel once what the engine has to say is written (SASL outcome, close frame). */
    void closeAfterOutput() {
        closing = true;
    }

    private void protocolError(String description) {
        operations.protocolError(remote(), description);
        closing = true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ended = true;
        for (LinkHandler handler : List.copyOf(links)) {
            handler.closed();
        }
        links.clear();
        for (String deviceId : List.copyOf(authorizedUntilMillis.keySet())) {
            deviceGone(deviceId, "connection closed");
        }
        authorizedUntilMillis.clear();
        if (authTimeout != null) {
            authTimeout.cancel(false);
        }
        if (tick != null) {
            tick.cancel(false);
        }
        super.channelInactive(ctx);
    }
}
