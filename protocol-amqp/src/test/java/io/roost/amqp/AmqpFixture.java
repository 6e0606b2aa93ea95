package io.roost.amqp;

import io.roost.core.c2d.C2dEvents;
import io.roost.core.c2d.C2dQueues;
import io.roost.core.c2d.C2dSettings;
import io.roost.core.log.LogReader;
import io.roost.core.log.LogRecord;
import io.roost.core.log.StartPosition;
import io.roost.core.log.segment.SegmentLog;
import io.roost.core.log.segment.SegmentLogConfig;
import io.roost.core.testing.CountingMetrics;
import io.roost.core.testing.MutableClock;
import io.roost.core.session.DeviceConnections;
import io.roost.core.testing.RecordingOperationsLog;
import io.roost.core.throttle.Throttle;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.RegistryOptions;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.events.RegistryEvents;
import io.roost.registry.policy.HubIdentity;
import io.roost.registry.sas.SasTokens;
import io.roost.store.c2d.SqliteC2dStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** A real registry, segment log and C2D queues on a temp dir, and an AMQP listener on a loopback port. */
final class AmqpFixture implements AutoCloseable {

    static final String HOST = "localhost";

    final DeviceRegistry registry;
    final SegmentLog log;
    final AmqpEndpoint endpoint;
    final MutableClock clock = new MutableClock(System.currentTimeMillis());
    final C2dQueues c2d;
    final CountingMetrics metrics = new CountingMetrics();
    final RecordingOperationsLog operations = new RecordingOperationsLog();
    final LoopbackServer server;
    final HubIdentity hub;

    AmqpFixture(Path dir) throws IOException, InterruptedException {
        this(dir, Throttle.unlimited());
    }

    AmqpFixture(Path dir, Throttle throttle) throws IOException, InterruptedException {
        hub = new HubIdentity(HOST, HubIdentity.defaultPolicies());
        registry = DeviceRegistry.open(dir.resolve("registry"), hub, Clock.systemUTC(), RegistryOptions.defaults(),
                RegistryEvents.NONE);
        log = SegmentLog.open(SegmentLogConfig.builder(dir.resolve("d2c")).build());
        c2d = C2dQueues.open(SqliteC2dStore.open(dir.resolve("c2d")), C2dSettings.defaults().withSweepInterval(Duration.ZERO),
                clock, C2dEvents.NONE);
        endpoint = AmqpEndpoint.open(registry, log, c2d, hub.connectionStrings().acceptedHosts(), clock,
                protocol -> metrics, operations, throttle, new DeviceConnections());
        server = new LoopbackServer(new AmqpChannelInitializer(endpoint, null));
    }

    /** Creates the device and returns a valid SAS token for it. */
    String createDevice(String deviceId) {
        return token(deviceId, createDeviceKey(deviceId), Instant.now().plus(1, ChronoUnit.HOURS));
    }

    /** Creates the device and returns its primary key. */
    String createDeviceKey(String deviceId) {
        return registry.create(DeviceSpec.of(deviceId)).join().authentication().symmetricKey().primaryKey();
    }

    static String token(String deviceId, String key, Instant expiry) {
        return SasTokens.sign(SasTokens.deviceResource(HOST, deviceId), key, expiry, null);
    }

    /** A well-formed token for the device, signed with a key that is not the device's. */
    static String wrongKeyToken(String deviceId) {
        String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        return token(deviceId, key, Instant.now().plus(1, ChronoUnit.HOURS));
    }

    static String audience(String deviceId) {
        return HOST + "/devices/" + deviceId;
    }

    ProtonTestClient anonymous() throws IOException {
        return ProtonTestClient.connect(server.address(), null, null);
    }

    ProtonTestClient plain(String user, String password) throws IOException {
        return ProtonTestClient.connect(server.address(), user, password);
    }

    List<LogRecord> records(String deviceId) {
        try (LogReader reader = log.openReader(log.partitionFor(deviceId), StartPosition.earliest())) {
            return reader.poll(10_000).stream().filter(r -> r.message().deviceId().equals(deviceId)).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        endpoint.close();
        c2d.close();
        log.close();
        registry.close();
    }
}
