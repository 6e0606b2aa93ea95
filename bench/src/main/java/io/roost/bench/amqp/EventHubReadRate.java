package io.roost.bench.amqp;

import io.roost.bench.mqtt.LoadOptions;
import io.roost.bench.mqtt.LoadOptions.UsageException;
import io.roost.registry.policy.ServiceConnectionString;
import io.roost.registry.sas.SasTokens;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Session;

/**
 * How fast a back end reads D2C from Roost's Event Hubs-compatible endpoint: one AMQP connection
 * (SASL ANONYMOUS, a CBS put-token with a service policy's token) asks {@code $management} how many
 * records each partition holds, attaches receivers from the start of one partition or of all of
 * them ({@code {hub}/ConsumerGroups/$Default/Partitions/{n}}) with a large credit, and times
 * receiving every record that was there (see docs/performance.md, "Event Hubs-compatible read").
 * Load the hub first, e.g. with {@link AmqpLoad}. The client decodes no message: it copies each
 * transfer's bytes out of the engine and settles it, so the figure is the server's send rate
 * unless this process runs out of CPU. Not thread-safe: one run per instance.
 */
public final class EventHubReadRate {

    public static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar io.roost.bench.amqp.EventHubReadRate [options]
              --host H --port P           Roost's plain AMQP listener (127.0.0.1, 5672)
              --service-connection-string S   a policy with ServiceConnect (roost connection-string --policy service)
              --partition N|all           read one partition or all of them (all)
              --credit C                  link credit per receiver, topped up at half (5000)
              --timeout D                 give up after this long (60s)
              --quiet                     no progress lines on stderr
            """;

    /** The figures of one read. {@code perPartition} maps a partition to the records read from it. */
    public record Report(List<Integer> partitions, long messages, long bytes, long nanos, Map<Integer, Long> perPartition,
            Map<Integer, Long> expected) {

        public double messagesPerSecond() {
            return messages / (nanos / 1e9);
        }

        /** Megabytes (10^6 bytes) of encoded AMQP messages per second. */
        public double megabytesPerSecond() {
            return bytes / (nanos / 1e9) / 1e6;
        }

        public String text() {
            return String.format(Locale.ROOT, "eventhub-read: %s, %,d messages (%,d bytes) in %.3f s%n"
                            + "throughput: %,.0f msgs/s, %.2f MB/s of encoded messages%nper partition: %s%n",
                    partitions.size() == 1 ? "partition " + partitions.get(0) : partitions.size() + " partitions",
                    messages, bytes, nanos / 1e9, messagesPerSecond(), megabytesPerSecond(), perPartition);
        }

        public String json() {
            return String.format(Locale.ROOT, "{\"partitions\":%d,\"messages\":%d,\"bytes\":%d,\"seconds\":%.3f,"
                            + "\"msgsPerSec\":%.1f,\"mbPerSec\":%.3f}", partitions.size(), messages, bytes, nanos / 1e9,
                    messagesPerSecond(), megabytesPerSecond());
        }
    }

    private final InetSocketAddress address;
    private final ServiceConnectionString service;
    private final Integer partition;
    private final int credit;
    private final Duration timeout;
    private final PrintStream progress;

    /**
     * @param partition null for all partitions
     * @param progress where progress lines go, null for none
     */
    public EventHubReadRate(InetSocketAddress address, String serviceConnectionString, Integer partition, int credit,
            Duration timeout, PrintStream progress) {
        this.address = address;
        this.service = ServiceConnectionString.parse(serviceConnectionString);
        this.partition = partition;
        this.credit = credit;
        this.timeout = timeout;
        this.progress = progress;
    }

    public static void main(String[] args) {
        EventHubReadRate tool;
        try {
            tool = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("eventhub-read: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        if (tool == null) {
            System.out.print(USAGE);
            return;
        }
        try {
            Report report = tool.run();
            System.out.print(report.text());
            System.out.println(report.json());
        } catch (IOException e) {
            System.err.println("eventhub-read: " + e.getMessage());
            System.exit(1);
        }
    }

    static EventHubReadRate parse(String... args) {
        Map<String, String> values = new HashMap<>();
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--quiet" -> quiet = true;
                case "--host", "--port", "--service-connection-string", "--partition", "--credit", "--timeout" -> {
                    if (i + 1 >= args.length) {
                        throw new UsageException(args[i] + " needs a value");
                    }
                    values.put(args[i], args[++i]);
                }
                default -> throw new UsageException("unknown option " + args[i]);
            }
        }
        String connectionString = values.get("--service-connection-string");
        if (connectionString == null) {
            throw new UsageException("--service-connection-string is required");
        }
        String partition = values.getOrDefault("--partition", "all");
        try {
            return new EventHubReadRate(new InetSocketAddress(values.getOrDefault("--host", "127.0.0.1"),
                    Integer.parseInt(values.getOrDefault("--port", "5672"))), connectionString,
                    partition.equals("all") ? null : Integer.valueOf(partition),
                    Integer.parseInt(values.getOrDefault("--credit", "5000")),
                    LoadOptions.parseDuration("--timeout", values.getOrDefault("--timeout", "60s")),
                    quiet ? null : System.err);
        } catch (NumberFormatException e) {
            throw new UsageException("--port, --partition and --credit take whole numbers: " + e.getMessage());
        }
    }

    /**
     * Reads every record the chosen partitions held when the read started.
     *
     * @throws IOException when the server refuses the token, a request or a receiver, or after the timeout
     */
    public Report run() throws IOException {
        String hostName = service.hostName();
        String hubName = service.hub().hubName();
        try (ProtonSocket socket = new ProtonSocket(address, hostName, null, null, timeout)) {
            String token = SasTokens.sign(hostName, service.key(), Instant.now().plus(Duration.ofHours(1)),
                    service.policyName());
            new ServiceRequests(socket, "$cbs", timeout).request(Map.of("operation", "put-token",
                    "type", "servicebus.windows.net:sastoken", "name", hostName), token);
            ServiceRequests management = new ServiceRequests(socket, "$management", timeout);
            Map<?, ?> hub = (Map<?, ?>) ((AmqpValue) management.request(Map.of("operation", "READ",
                    "type", "com.microsoft:eventhub", "name", hubName), null).getBody()).getValue();
            int partitionCount = ((Number) hub.get("partition_count")).intValue();
            List<Integer> partitions = partition == null
                    ? IntStream.range(0, partitionCount).boxed().toList() : List.of(partition);
            Map<Integer, Long> expected = new HashMap<>();
            for (int p : partitions) {
                Map<?, ?> info = (Map<?, ?>) ((AmqpValue) management.request(Map.of("operation", "READ",
                        "type", "com.microsoft:partition", "name", hubName, "partition", Integer.toString(p)),
                        null).getBody()).getValue();
                boolean empty = Boolean.TRUE.equals(info.get("is_partition_empty"));
                expected.put(p, empty ? 0 : ((Number) info.get("last_enqueued_sequence_number")).longValue()
                        - ((Number) info.get("begin_sequence_number")).longValue() + 1);
            }
            return read(socket, hubName, partitions, expected);
        }
    }

    private Report read(ProtonSocket socket, String hubName, List<Integer> partitions, Map<Integer, Long> expected)
            throws IOException {
        Session session = socket.connection.session();
        session.open();
        List<Receiver> receivers = new ArrayList<>();
        Map<Receiver, Integer> partitionOf = new HashMap<>();
        Map<Integer, Long> counts = new HashMap<>();
        for (int p : partitions) {
            Receiver receiver = session.receiver("read-" + p);
            Source source = new Source();
            source.setAddress(hubName + "/ConsumerGroups/$Default/Partitions/" + p);
            receiver.setSource(source);
            receiver.setTarget(new Target());
            receiver.open();
            receivers.add(receiver);
            partitionOf.put(receiver, p);
            counts.put(p, 0L);
        }
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        byte[] buffer = new byte[512 * 1024];
        long start = System.nanoTime();
        receivers.forEach(r -> r.flow(credit));
        long deadline = start + timeout.toNanos();
        long nextProgress = start + 1_000_000_000L;
        long messages = 0;
        long bytes = 0;
        while (messages < total) {
            socket.pump();
            for (Receiver receiver : receivers) {
                if (receiver.getRemoteState() == EndpointState.CLOSED) {
                    throw new IOException("partition " + partitionOf.get(receiver) + ": receiver closed by the server: "
                            + receiver.getRemoteCondition());
                }
                Delivery delivery;
                while ((delivery = receiver.current()) != null && delivery.isReadable() && !delivery.isPartial()) {
                    int pending = delivery.pending();
                    if (pending > buffer.length) {
                        buffer = new byte[pending];
                    }
                    receiver.recv(buffer, 0, pending);
                    receiver.advance();
                    delivery.settle();
                    bytes += pending;
                    messages++;
                    counts.merge(partitionOf.get(receiver), 1L, Long::sum);
                }
                if (receiver.getCredit() < credit / 2) {
                    receiver.flow(credit - receiver.getCredit());
                }
            }
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IOException("read " + messages + " of " + total + " records in " + timeout.toMillis() + " ms: " + counts);
            }
            if (progress != null && now > nextProgress) {
                progress.printf(Locale.ROOT, "eventhub-read: %,d of %,d records%n", messages, total);
                nextProgress = now + 1_000_000_000L;
            }
        }
        long nanos = System.nanoTime() - start;
        for (Map.Entry<Integer, Long> entry : expected.entrySet()) {
            if (!counts.get(entry.getKey()).equals(entry.getValue())) {
                throw new IOException("partition " + entry.getKey() + ": read " + counts.get(entry.getKey())
                        + " records, $management said " + entry.getValue());
            }
        }
        return new Report(partitions, messages, bytes, nanos, counts.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), expected);
    }
}
