package io.roost.amqp;

import io.roost.core.log.PartitionInfo;
import io.roost.core.log.TelemetryLog;
import io.roost.registry.policy.Permission;
import io.roost.registry.sas.SasToken;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;

/**
 * The {@code $management} node of the Event Hubs-compatible endpoint: READ requests (application
 * properties {@code operation=READ}, {@code type}, {@code name} = the hub name, {@code partition} for
 * a partition, and usually {@code security_token}) answered on a {@link RequestResponseNode}.
 * {@code com.microsoft:eventhub} answers {@code name}, {@code created_at}, {@code partition_count},
 * {@code partition_ids}; {@code com.microsoft:partition} answers {@code name}, {@code partition},
 * {@code begin_sequence_number}, {@code last_enqueued_sequence_number}, {@code last_enqueued_offset},
 * {@code last_enqueued_time_utc}, {@code is_partition_empty}. A request needs a ServiceConnect policy
 * token: its {@code security_token}, or one put on {@code $cbs} before. Confined to the connection's
 * event loop; partition snapshots are taken on the read pool.
 */
final class ManagementNode {

    static final String EVENTHUB_TYPE = "com.microsoft:eventhub";
    static final String PARTITION_TYPE = "com.microsoft:partition";

    private final AmqpConnectionHandler connection;
    private final EventHubReads reads;
    private final RequestResponseNode node = new RequestResponseNode(this::request);

    ManagementNode(AmqpConnectionHandler connection, EventHubReads reads) {
        this.connection = connection;
        this.reads = reads;
    }

    LinkHandler requestLink(Receiver receiver) {
        return node.requestLink(receiver);
    }

    LinkHandler replyLink(Sender sender) {
        return node.replyLink(sender);
    }

    private void request(Message request, Session session) {
        Object token = RequestResponseNode.properties(request).get("security_token");
        if (token instanceof String text) {
            long expiryMillis;
            try {
                expiryMillis = SasToken.parse(text).expiryEpochSeconds() * 1000;
            } catch (RuntimeException e) {
                refuse(request, session, SaslServer.reason(e));
                return;
            }
            connection.endpoint().registry().authenticateEventHubsPolicy(text, Permission.SERVICE_CONNECT)
                    .whenComplete((policy, failure) -> connection.execute(() -> {
                        if (failure != null) {
                            refuse(request, session, SaslServer.reason(failure));
                        } else {
                            connection.authorizations().authorizeService(expiryMillis);
                            read(request, session);
                        }
                    }));
        } else if (connection.authorizations().isServiceAuthorized()) {
            read(request, session);
        } else {
            refuse(request, session, "unauthorized: no security_token and no token put on $cbs");
        }
    }

    private void refuse(Message request, Session session, String reason) {
        connection.authFailed(null, "$management: " + reason);
        node.reply(session, request, 401, reason);
    }

    private void read(Message request, Session session) {
        Map<String, Object> properties = RequestResponseNode.properties(request);
        String hubName = connection.endpoint().registry().hubName();
        if (!"READ".equals(properties.get("operation"))) {
            node.reply(session, request, 400, "unsupported operation " + properties.get("operation"));
            return;
        }
        if (!(properties.get("name") instanceof String name) || !name.equalsIgnoreCase(hubName)) {
            node.reply(session, request, 404, "no event hub " + properties.get("name") + "; this hub's is " + hubName);
            return;
        }
        TelemetryLog log = connection.endpoint().log();
        Object type = properties.get("type");
        if (EVENTHUB_TYPE.equals(type)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", hubName);
            body.put("created_at", new Date(reads.createdAtMillis()));
            body.put("partition_count", log.partitionCount());
            body.put("partition_ids", IntStream.range(0, log.partitionCount()).mapToObj(Integer::toString)
                    .toArray(String[]::new));
            node.reply(session, request, 200, "OK", new AmqpValue(body));
        } else if (PARTITION_TYPE.equals(type)) {
            int partition = partitionOf(properties.get("partition"), log.partitionCount());
            if (partition < 0) {
                node.reply(session, request, 404, "no partition " + properties.get("partition"));
                return;
            }
            CompletableFuture.supplyAsync(() -> log.partitionInfo(partition), reads.readers())
                    .whenComplete((info, failure) -> connection.execute(() -> {
                        if (failure != null) {
                            node.reply(session, request, 500, SaslServer.reason(failure));
                        } else {
                            node.reply(session, request, 200, "OK", new AmqpValue(partitionBody(hubName, info)));
                        }
                    }));
        } else {
            node.reply(session, request, 400, "unsupported type " + type);
        }
    }

    private static Map<String, Object> partitionBody(String hubName, PartitionInfo info) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", hubName);
        body.put("partition", Integer.toString(info.partition()));
        body.put("begin_sequence_number", info.earliestOffset());
        body.put("last_enqueued_sequence_number", info.lastOffset());
        body.put("last_enqueued_offset", Long.toString(info.lastOffset()));
        body.put("last_enqueued_time_utc", new Date(Math.max(0, info.lastEnqueuedTimeMillis())));
        body.put("is_partition_empty", info.isEmpty());
        return body;
    }

    private static int partitionOf(Object value, int count) {
        try {
            int partition = Integer.parseInt(String.valueOf(value));
            return partition >= 0 && partition < count ? partition : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
