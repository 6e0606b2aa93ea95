package io.roost.server.lifecycle;

import io.netty.handler.ssl.SslContext;
import io.roost.amqp.AmqpEndpoint;
import io.roost.core.c2d.C2dQueues;
import io.roost.core.c2d.RejectCounts;
import io.roost.core.ipfilter.IpFilter;
import io.roost.core.log.TelemetryLog;
import io.roost.core.log.segment.SegmentLog;
import io.roost.core.operations.OperationsLog;
import io.roost.core.session.DeviceConnections;
import io.roost.core.throttle.Throttle;
import io.roost.http.c2d.C2dRoutes;
import io.roost.http.device.DeviceApi;
import io.roost.http.ipfilter.IpFilterRoutes;
import io.roost.http.operations.OperationsRoutes;
import io.roost.http.registry.RegistryRoutes;
import io.roost.http.telemetry.TelemetryReadRoutes;
import io.roost.mqtt.MqttEndpoint;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.RegistryOptions;
import io.roost.registry.policy.HubIdentity;
import io.roost.server.config.ServerConfig;
import io.roost.server.datadir.DataDirLock;
import io.roost.server.datadir.EndpointsFile;
import io.roost.server.ipfilter.IpFilterFile;
import io.roost.server.ipfilter.IpFilterGate;
import io.roost.server.ipfilter.IpFilterRejections;
import io.roost.server.listener.BoundListener;
import io.roost.server.listener.EventLoops;
import io.roost.server.listener.Listeners;
import io.roost.server.metrics.MeteredC2dEvents;
import io.roost.server.metrics.MeteredDeviceMetrics;
import io.roost.server.metrics.MeteredOperations;
import io.roost.server.metrics.MeteredTelemetryLog;
import io.roost.server.metrics.MeteredThrottleCounter;
import io.roost.server.metrics.PrometheusMetrics;
import io.roost.server.operations.ConnectionStateEvents;
import io.roost.server.operations.FanOutOperationsLog;
import io.roost.server.operations.JsonOperationsAppender;
import io.roost.server.operations.OperationsLines;
import io.roost.server.operations.RecordedC2dEvents;
import io.roost.server.operations.RecordedRegistryEvents;
import io.roost.server.tls.ServerSslContext;
import io.roost.store.c2d.SqliteC2dStore;
import io.roost.store.operations.OperationsLogSettings;
import io.roost.store.operations.SqliteOperationsLog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Roost server: it starts its components in dependency order and closes them in
 * reverse. Start order: data dir lock, TLS material and context (made on first start, see
 * {@link io.roost.server.tls.HubCertificates}; prepared on a thread of their own, {@link TlsInBackground}, while the
 * following steps run), metrics, operations log (durable log, JSON appender, meters:
 * everything after it reports to it), hub identity (policies and keys, made on first start) and
 * device registry, IP filter rules, D2C telemetry log, C2D queues (and their purge of deleted devices),
 * waiting for the TLS context, event loops, listeners,
 * endpoints.json, then ready. Stopping therefore removes endpoints.json first, stops accepting,
 * drains the event loops, closes the C2D queues (finishing queued store work) and the log (which
 * flushes, fsyncs and marks a clean shutdown), closes the registry (after every listener, so no
 * request reaches a closed store), then the operations log (writing what is queued) and releases
 * the lock last, so no other server can take the
 * data dir while this one still writes.
 *
 * <p>Thread-safe: {@link #close()} may race with itself (signal handler, shutdown hook); the
 * first caller closes, later callers return at once.
 */
public final class RoostServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoostServer.class);

    private final ServerConfig config;
    private final Path dataDir;
    private final Clock clock;
    private final ClosingStack components = new ClosingStack();
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile List<BoundListener> listeners = List.of();
    private volatile TelemetryLog telemetryLog;
    private volatile C2dQueues c2dQueues;
    private volatile DeviceRegistry registry;
    private volatile SqliteOperationsLog operationsLog;
    private volatile OperationsLog operations = OperationsLog.NONE;
    private volatile Optional<Path> caFile = Optional.empty();
    private volatile String ownerConnectionString;

    public RoostServer(ServerConfig config, Path dataDir) {
        this(config, dataDir, Clock.systemUTC());
    }

    /**
     * @param clock the server's time: certificate validity (for tests of renewal), token expiry,
     *     registry timestamps, C2D expiry, locks and feedback batching
     */
    public RoostServer(ServerConfig config, Path dataDir, Clock clock) {
        this.config = config;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.clock = clock;
    }

    /**
     * Starts every component; on failure closes those already started and rethrows.
     *
     * @throws io.roost.server.datadir.DataDirInUseException when another server owns the data dir;
     *     nothing in it was changed then
     * @throws java.io.UncheckedIOException when a listener cannot bind or the data dir cannot be written
     * @throws IOException when the D2C log cannot be opened, or the TLS material cannot be read or made
     */
    public void start() throws IOException, InterruptedException {
        try {
            components.push(DataDirLock.acquire(dataDir, ProcessHandle.current().pid()));
            // Key checks, certificate parsing and the JDK's TLS set-up are slow and independent of
            // the stores and the log: prepared on another thread meanwhile, before any event loop exists.
            TlsInBackground tlsInBackground = components.push(TlsInBackground.start(config.tls(), config.hostName(), dataDir, clock));
            PrometheusMetrics metrics = components.push(new PrometheusMetrics());
            OperationsLog operations = openOperationsLog(metrics);
            this.operations = operations;
            HubIdentity hub = HubIdentity.loadOrCreate(dataDir, config.hostName());
            registry = components.push(DeviceRegistry.open(dataDir, hub, clock, RegistryOptions.defaults(),
                    new RecordedRegistryEvents(operations)));
            ownerConnectionString = hub.ownerConnectionString();
            // Read before any listener binds, so the first connection already meets the rules.
            IpFilter ipFilter = components.push(IpFilterFile.open(dataDir, config.ipFilterRules()));
            IpFilterGate ipFilterGate = new IpFilterGate(ipFilter, new IpFilterRejections(metrics.registry(), operations, clock));
            // Opened before the network and closed after it: no append can arrive once it closes.
            telemetryLog = components.push(new MeteredTelemetryLog(SegmentLog.open(D2cLogSettings.of(config, dataDir)),
                    metrics.registry(), clock));
            // The same for the C2D queues: closed after the listeners, so no request reaches them closed.
            RejectCounts rejects = new RejectCounts(RejectCounts.DEFAULT_CAPACITY, clock);
            C2dQueues queues = components.push(openC2dQueues(metrics, rejects, operations));
            c2dQueues = queues;
            components.push(PurgeOnDelete.register(registry, queues, rejects));
            TlsInBackground.PreparedTls tls = tlsInBackground.await();
            caFile = tls.material().caFile();
            SslContext sslContext = tls.sslContext();
            EventLoops loops = components.push(new EventLoops());
            DeviceRegistry devices = registry;
            // Closed after the listeners: no request reaches its stopped read pool.
            TelemetryReadRoutes events = components.push(new TelemetryReadRoutes(devices, telemetryLog));
            // Closed after the listeners: it stops revocations reaching sessions that are gone.
            MeteredDeviceMetrics deviceMetrics = new MeteredDeviceMetrics(metrics.registry());
            Throttle throttle = new Throttle(config.throttle(), clock, System::nanoTime, operations,
                    new MeteredThrottleCounter(metrics.registry()), Throttle.DEFAULT_MAX_TRACKED_KEYS);
            // One connection per device across MQTT and AMQP: a newer one on either replaces the older.
            DeviceConnections deviceConnections = new DeviceConnections();
            MqttEndpoint mqtt = components.push(MqttEndpoint.open(registry, telemetryLog, queues,
                    hub.connectionStrings().acceptedHosts(), clock, deviceMetrics, operations, throttle, deviceConnections));
            AmqpEndpoint amqp = components.push(AmqpEndpoint.open(registry, telemetryLog, queues,
                    hub.connectionStrings().acceptedHosts(), clock, deviceMetrics, operations, throttle, deviceConnections));
            DeviceApi deviceApi = new DeviceApi(devices, telemetryLog, queues, deviceMetrics, operations, clock, throttle);
            OperationsRoutes operationsRoutes = new OperationsRoutes(devices, operationsLog, clock);
            DeviceRuntimeState runtime = new DeviceRuntimeState(queues, mqtt.sessions());
            Listeners bound = components.push(Listeners.bind(config, loops, sslContext, mqtt, amqp, ready::get, metrics::scrape,
                    routes -> IpFilterRoutes.addTo(operationsRoutes.addTo(deviceApi.addTo(C2dRoutes.addTo(events.addTo(
                            RegistryRoutes.addTo(routes, devices, runtime, throttle)), devices, queues, rejects))), devices,
                            ipFilter),
                    ipFilterGate));
            components.push(EndpointsFile.write(dataDir, bound.bound()));
            listeners = bound.bound();
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        listeners.forEach(listener -> LOG.info(listener.banner()));
        caFile.ifPresent(file -> LOG.info("clients trust the CA in {}", file));
        LOG.info("TLS engine: {}", ServerSslContext.engine());
        ready.set(true);
        LOG.info("Roost is ready (host name {}, data dir {}){}", config.hostName(), dataDir, sinceJvmStart());
    }

    /**
     * How long the JVM took to get here (its start, class loading, recovery), for the ready line:
     * the figure start-up tuning is about. The JVM's own clock, not the OS's process start time,
     * which Linux gives only to the second of boot time.
     */
    private static String sinceJvmStart() {
        return ", " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms after the JVM started";
    }

    /**
     * The durable operations log (retention as D2C's), its JSON appender and its meters, behind one
     * {@link OperationsLog} that every component reports to. Closed after everything that reports.
     */
    private OperationsLog openOperationsLog(PrometheusMetrics metrics) {
        SqliteOperationsLog durable = components.push(SqliteOperationsLog.open(dataDir,
                OperationsLogSettings.of(Duration.ofDays(config.d2c().retentionDays()), clock)));
        operationsLog = durable;
        components.push(JsonOperationsAppender.start(config.operations().jsonLog(), dataDir));
        List<OperationsLog> targets = new ArrayList<>(List.of(durable, new OperationsLines(),
                new MeteredOperations(metrics.registry(), MeteredOperations.DEFAULT_MAX_DEVICES, durable::droppedCount)));
        if (config.operations().connectionStateEvents()) {
            // The D2C log opens later; until then (no device is connected yet) nothing is routed.
            targets.add(new ConnectionStateEvents(() -> telemetryLog, config.hostName().split("\\.")[0], clock.millis()));
        }
        return new FanOutOperationsLog(targets);
    }

    private C2dQueues openC2dQueues(PrometheusMetrics metrics, RejectCounts rejects, OperationsLog operations) {
        SqliteC2dStore store = SqliteC2dStore.open(dataDir);
        C2dQueues queues;
        try {
            queues = C2dQueues.open(store, C2dQueueSettings.of(config), clock, new FanOutC2dEvents(List.of(
                    new RecordedC2dEvents(operations, clock), new MeteredC2dEvents(metrics.registry()), rejects)));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        MeteredC2dEvents.registerQueuedGauge(metrics.registry(), queues);
        return queues;
    }

    /**
     * The iothubowner policy's connection string, which holds its key; null before {@link #start()}.
     * Never logged: logs travel to shippers and files that the owner key must not reach.
     */
    public String ownerConnectionString() {
        return ownerConnectionString;
    }

    /** The CA certificate clients should trust, when Roost made it; empty with the operator's own certificate. */
    public Optional<Path> caFile() {
        return caFile;
    }

    public boolean isReady() {
        return ready.get();
    }

    public List<BoundListener> listeners() {
        return listeners;
    }

    /**
     * The device registry, for the protocol handlers wired after it; null before {@link #start()}.
     * It stays open until {@link #close()} has stopped every listener.
     */
    public DeviceRegistry registry() {
        return registry;
    }

    /**
     * Where components report operations events (the durable log, the log lines, the metrics and,
     * when configured, the D2C log), for the features wired after it (throttling, the IP filter);
     * {@link OperationsLog#NONE} before {@link #start()}.
     */
    public OperationsLog operations() {
        return operations;
    }

    /** The durable operations log, for reading it back; null before {@link #start()}. */
    public SqliteOperationsLog operationsLog() {
        return operationsLog;
    }

    /** The D2C log, for the protocol handlers wired after it; null before {@link #start()}. */
    public TelemetryLog telemetryLog() {
        return telemetryLog;
    }

    /**
     * The cloud-to-device queues, for the protocol handlers wired after them; null before
     * {@link #start()}. They stay open until {@link #close()} has stopped every listener.
     */
    public C2dQueues c2dQueues() {
        return c2dQueues;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean wasServing = ready.getAndSet(false);
        long startNanos = System.nanoTime();
        components.closeAll();
        if (wasServing) {
            LOG.info("Roost stopped in {} ms", (System.nanoTime() - startNanos) / 1_000_000);
        }
    }
}
