package io.roost.amqp;

import io.roost.core.log.StartPosition;
import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;

/**
 * Decides what a peer's attach becomes, by the link's address and direction: {@code $cbs} and
 * {@code $management} request/reply links, device links (telemetry, C2D, twin, methods) for a
 * device the connection is authorized for, and, for an authorized service, the C2D send and
 * feedback links and partition receivers of the Event Hubs-compatible endpoint. Anything else is refused with an AMQP error condition (and
 * logged when it is an authorization failure or an unknown address). Not thread-safe; confined to
 * the connection's event loop.
 */
final class LinkAttachRouter {

    private static final Symbol EPOCH = Symbol.valueOf("com.microsoft:epoch");

    private final AmqpConnectionHandler connection;
    private final CbsNode cbs;
    private final ManagementNode management;

    LinkAttachRouter(AmqpConnectionHandler connection) {
        this.connection = connection;
        this.cbs = new CbsNode(connection);
        this.management = new ManagementNode(connection, connection.endpoint().eventHub());
    }

    /** The peer attached {@code link}: answer it (open) with a handler, or refuse it. */
    void attached(Link link) {
        link.setSource(link.getRemoteSource());
        link.setTarget(link.getRemoteTarget());
        ConnectionLinks links = connection.links();
        if (links.size() >= AmqpLimits.MAX_LINKS) {
            ConnectionLinks.refuse(link, AmqpError.RESOURCE_LIMIT_EXCEEDED,
                    "at most " + AmqpLimits.MAX_LINKS + " links per connection");
            return;
        }
        String address = link instanceof Receiver
                ? link.getRemoteTarget() instanceof Target target ? target.getAddress() : null
                : link.getRemoteSource() instanceof Source source ? source.getAddress() : null;
        EventHubAddress eventHub = EventHubAddress.parse(address, connection.endpoint().registry().hubName());
        if (eventHub != null) {
            eventHubLinkAttached(link, eventHub, address);
            return;
        }
        LinkAddress parsed = LinkAddress.parse(address);
        if (parsed.kind() == LinkAddress.Kind.CBS) {
            links.add(link instanceof Receiver receiver ? cbs.requestLink(receiver) : cbs.replyLink((Sender) link));
            return;
        }
        if (parsed.kind() == LinkAddress.Kind.SERVICE_C2D_SEND || parsed.kind() == LinkAddress.Kind.SERVICE_FEEDBACK) {
            serviceLinkAttached(link, parsed.kind(), address);
            return;
        }
        if (parsed.kind() == LinkAddress.Kind.UNKNOWN) {
            connection.operations().attachRefused(null, connection.remote(), "attach to unknown address " + address);
            ConnectionLinks.refuse(link, AmqpError.NOT_FOUND, "no such node: " + address);
            return;
        }
        String deviceId = parsed.deviceId();
        if (!connection.authorizations().isDeviceAuthorized(deviceId)) {
            connection.operations().attachRefused(deviceId, connection.remote(),
                    "attach to " + address + " without a valid token for the device");
            ConnectionLinks.refuse(link, AmqpError.UNAUTHORIZED_ACCESS, "not authorized for " + address);
            return;
        }
        LinkHandler handler = switch (parsed.kind()) {
            case EVENTS -> link instanceof Receiver receiver ? new D2cLink(connection, receiver, deviceId) : null;
            case DEVICEBOUND -> link instanceof Sender sender ? new C2dLink(connection, sender, deviceId) : null;
            case TWIN, METHODS -> new IdleLink(link, deviceId);
            default -> null;
        };
        if (handler == null) {
            ConnectionLinks.refuse(link, AmqpError.NOT_ALLOWED, "wrong direction for " + address);
            return;
        }
        links.add(handler);
    }

    /**
     * A service's C2D send or feedback link: only for a connection that put a ServiceConnect policy
     * token on {@code $cbs}; a device token does not open a service address.
     */
    private void serviceLinkAttached(Link link, LinkAddress.Kind kind, String address) {
        if (!connection.authorizations().isServiceAuthorized()) {
            connection.operations().attachRefused(connection.authorizations().deviceForLog(), connection.remote(),
                    "attach to service address " + address + " without a valid ServiceConnect policy token");
            ConnectionLinks.refuse(link, AmqpError.UNAUTHORIZED_ACCESS,
                    "not authorized for " + address + ": it needs a policy token with ServiceConnect");
            return;
        }
        LinkHandler handler = kind == LinkAddress.Kind.SERVICE_C2D_SEND
                ? link instanceof Receiver receiver ? new ServiceC2dSendLink(connection, receiver) : null
                : link instanceof Sender sender ? new FeedbackLink(connection, sender) : null;
        if (handler == null) {
            ConnectionLinks.refuse(link, AmqpError.NOT_ALLOWED, "wrong direction for " + address);
            return;
        }
        connection.links().add(handler);
        handler.flow();
    }

    /** A link to {@code $management} or a partition receiver of the Event Hubs-compatible endpoint. */
    private void eventHubLinkAttached(Link link, EventHubAddress address, String rawAddress) {
        ConnectionLinks links = connection.links();
        if (address.isManagement()) {
            links.add(link instanceof Receiver receiver ? management.requestLink(receiver)
                    : management.replyLink((Sender) link));
            return;
        }
        if (!(link instanceof Sender sender)) {
            ConnectionLinks.refuse(link, AmqpError.NOT_ALLOWED, "partitions are read, not written: " + rawAddress);
            return;
        }
        if (!connection.authorizations().isServiceAuthorized()) {
            connection.operations().attachRefused(connection.authorizations().deviceForLog(), connection.remote(),
                    "attach to " + rawAddress + " without a valid service token");
            ConnectionLinks.refuse(link, AmqpError.UNAUTHORIZED_ACCESS, "not authorized for " + rawAddress);
            return;
        }
        AmqpEndpoint endpoint = connection.endpoint();
        if (address.partition() >= endpoint.log().partitionCount()
                || !(ConsumerGroupsCheck.exists(endpoint.log(), address.group()))) {
            ConnectionLinks.refuse(link, AmqpError.NOT_FOUND, "no such partition or consumer group: " + rawAddress);
            return;
        }
        StartPosition start;
        try {
            start = SelectorFilter.startPosition(link.getRemoteSource() instanceof Source source ? source.getFilter() : null);
        } catch (IllegalArgumentException e) {
            ConnectionLinks.refuse(link, AmqpError.INVALID_FIELD, e.getMessage());
            return;
        }
        if (start instanceof StartPosition.Latest) {
            // "Latest" means after the attach, not after the read pool gets to it: pin the offset now.
            // partitionInfo is an in-memory snapshot, cheap on the event loop.
            start = StartPosition.fromOffset(endpoint.log().partitionInfo(address.partition()).nextOffset());
        }
        Object epochProperty = link.getRemoteProperties() == null ? null : link.getRemoteProperties().get(EPOCH);
        Long epoch = epochProperty instanceof Number number ? number.longValue() : null;
        PartitionLink handler = new PartitionLink(connection, sender, endpoint.eventHub(), address.group(),
                address.partition(), epoch, start);
        PartitionOwners.Admission admission = endpoint.eventHub().owners().admit(handler);
        if (admission.refusal() != null) {
            ConnectionLinks.refuse(link, PartitionLink.STOLEN, admission.refusal());
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
        links.add(handler);
        handler.flow();
    }
}
