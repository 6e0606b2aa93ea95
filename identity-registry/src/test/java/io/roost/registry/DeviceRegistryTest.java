package io.roost.registry;

import static io.roost.registry.Statuses.failsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roost.core.error.RoostException.Status;
import io.roost.registry.device.Device;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.device.DeviceStatus;
import io.roost.registry.device.Etags;
import io.roost.registry.device.SymmetricKey;
import io.roost.registry.events.RegistryEvent;
import io.roost.registry.events.RegistryOperation;
import io.roost.registry.policy.HubIdentity;
import io.roost.registry.policy.Permission;
import io.roost.registry.revocation.RevocationReason;
import io.roost.registry.sas.SasTokens;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceRegistryTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    private HubIdentity hub;
    private DeviceRegistry registry;
    private final List<RegistryEvent> events = new CopyOnWriteArrayList<>();
    private final Map<String, RevocationReason> revoked = new ConcurrentHashMap<>();
    private final List<String> revocationThreads = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        hub = HubIdentity.loadOrCreate(dataDir, "localhost");
        registry = DeviceRegistry.open(dataDir, hub, CLOCK, RegistryOptions.defaults(), events::add);
        registry.addRevocationListener((id, reason) -> {
            revocationThreads.add(Thread.currentThread().getName());
            revoked.put(id, reason);
        });
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void create_whenNew_thenKeysGeneratedAndGetReturnsIt() {
        Device d = registry.create(DeviceSpec.of("dev1")).join();
        assertThat(d.authentication().symmetricKey()).isNotNull();
        assertThat(d.status()).isEqualTo(DeviceStatus.ENABLED);
        assertThat(registry.get("dev1").join()).isEqualTo(d);
    }

    @Test
    void create_whenExists_thenConflict_andWhenBadId_thenBadRequest() {
        registry.create(DeviceSpec.of("dev1")).join();
        failsWith(Status.CONFLICT, registry.create(DeviceSpec.of("dev1")));
        failsWith(Status.BAD_REQUEST, registry.create(DeviceSpec.of("bad/id")));
    }

    @Test
    void replace_whenEtagMatches_thenNewEtag_andWhenStale_thenPreconditionFailed() {
        Device d = registry.create(DeviceSpec.of("dev1")).join();
        Device r = registry.replace(DeviceSpec.of("dev1").withStatus(DeviceStatus.ENABLED, "note"),
                Etags.quote(d.etag())).join();
        assertThat(r.etag()).isNotEqualTo(d.etag());
        assertThat(r.generationId()).isEqualTo(d.generationId());
        assertThat(r.authentication()).isEqualTo(d.authentication());
        failsWith(Status.PRECONDITION_FAILED, registry.replace(DeviceSpec.of("dev1"), d.etag()));
        assertThat(registry.replace(DeviceSpec.of("dev1"), "*").join().etag()).isNotEqualTo(r.etag());
        failsWith(Status.NOT_FOUND, registry.replace(DeviceSpec.of("ghost"), "*"));
    }

    @Test
    void delete_whenEtagStale_thenPreconditionFailed_andWhenMatching_thenGoneAndRevoked() {
        Device d = registry.create(DeviceSpec.of("dev1")).join();
        failsWith(Status.PRECONDITION_FAILED, registry.delete("dev1", "\"stale\""));
        registry.delete("dev1", Etags.quote(d.etag())).join();
        failsWith(Status.NOT_FOUND, registry.get("dev1"));
        failsWith(Status.NOT_FOUND, registry.delete("dev1", "*"));
        assertThat(revoked).containsEntry("dev1", RevocationReason.DELETED);
        assertThat(revocationThreads).allMatch(name -> name.startsWith("registry-worker-"));
    }

    @Test
    void list_whenPaged_thenContinuationWalksAllDevices() {
        for (int i = 0; i < 7; i++) {
            registry.create(DeviceSpec.of("d" + i)).join();
        }
        List<String> seen = new ArrayList<>();
        String continuation = null;
        do {
            DevicePage page = registry.list(3, continuation).join();
            page.devices().forEach(d -> seen.add(d.deviceId()));
            continuation = page.continuation();
        } while (continuation != null);
        assertThat(seen).containsExactly("d0", "d1", "d2", "d3", "d4", "d5", "d6");
        failsWith(Status.BAD_REQUEST, registry.list(0, null));
        failsWith(Status.BAD_REQUEST, registry.list(5, "***"));
    }

    @Test
    void authenticateDevice_whenDisabled_thenUnauthorizedAndRevocationFired() {
        Device d = registry.create(DeviceSpec.of("dev1")).join();
        String token = deviceToken(d, d.authentication().symmetricKey().primaryKey());
        assertThat(registry.authenticateDevice("dev1", token).join().deviceId()).isEqualTo("dev1");
        registry.disable("dev1", "stolen").join();
        assertThat(revoked).containsEntry("dev1", RevocationReason.DISABLED);
        failsWith(Status.UNAUTHORIZED, registry.authenticateDevice("dev1", token));
        registry.enable("dev1").join();
        assertThat(registry.authenticateDevice("dev1", token).join().isEnabled()).isTrue();
    }

    @Test
    void authenticateDevice_whenKeysRegenerated_thenOldTokenRefusedAndRevocationFired() {
        Device d = registry.create(DeviceSpec.of("dev1")).join();
        String oldPrimary = deviceToken(d, d.authentication().symmetricKey().primaryKey());
        String oldSecondary = deviceToken(d, d.authentication().symmetricKey().secondaryKey());
        registry.authenticateDevice("dev1", oldPrimary).join();
        Device r = registry.regenerateKeys("dev1", KeySlot.PRIMARY).join();
        assertThat(revoked).containsEntry("dev1", RevocationReason.CREDENTIALS_CHANGED);
        failsWith(Status.UNAUTHORIZED, registry.authenticateDevice("dev1", oldPrimary));
        registry.authenticateDevice("dev1", oldSecondary).join();
        registry.authenticateDevice("dev1", deviceToken(r, r.authentication().symmetricKey().primaryKey())).join();
    }

    @Test
    void authenticateDevice_whenUnknownOrBadToken_thenUnauthorized() {
        Device d = registry.create(DeviceSpec.of("dev1")).join();
        failsWith(Status.UNAUTHORIZED, registry.authenticateDevice("ghost", deviceToken(d, SymmetricKey.randomKey())));
        failsWith(Status.UNAUTHORIZED, registry.authenticateDevice("dev1", deviceToken(d, SymmetricKey.randomKey())));
        failsWith(Status.UNAUTHORIZED, registry.authenticateDevice("dev1", "garbage"));
        failsWith(Status.UNAUTHORIZED, registry.authenticateDevice("bad/id", "garbage"));
    }

    @Test
    void authenticateDevice_whenPolicyTokenWithDeviceConnect_thenAdmitted() {
        registry.create(DeviceSpec.of("dev1")).join();
        var device = hub.policy("device").orElseThrow();
        String token = SasTokens.sign("localhost/devices/dev1", device.primaryKey(),
                CLOCK.instant().plusSeconds(60), "device");
        registry.authenticateDevice("dev1", token).join();
        var read = hub.policy("registryRead").orElseThrow();
        String noRight = SasTokens.sign("localhost", read.primaryKey(), CLOCK.instant().plusSeconds(60), "registryRead");
        failsWith(Status.FORBIDDEN, registry.authenticateDevice("dev1", noRight));
    }

    @Test
    void authenticatePolicy_whenOwnerToken_thenAdmitted_andWhenLackingRight_thenForbidden() {
        var owner = hub.policy("iothubowner").orElseThrow();
        String token = SasTokens.sign("LOCALHOST", owner.secondaryKey(), CLOCK.instant().plusSeconds(60), "iothubowner");
        assertThat(registry.authenticatePolicy(token, Permission.REGISTRY_WRITE).join().name()).isEqualTo("iothubowner");
        var service = hub.policy("service").orElseThrow();
        String serviceToken = SasTokens.sign("localhost", service.primaryKey(), CLOCK.instant().plusSeconds(60), "service");
        failsWith(Status.FORBIDDEN, registry.authenticatePolicy(serviceToken, Permission.REGISTRY_READ));
    }

    @Test
    void operations_whenRun_thenEventsReportedWithStatus() {
        registry.create(DeviceSpec.of("dev1")).join();
        failsWith(Status.CONFLICT, registry.create(DeviceSpec.of("dev1")));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 2);
        assertThat(events).extracting(RegistryEvent::operation, RegistryEvent::deviceId, RegistryEvent::statusCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RegistryOperation.CREATE, "dev1", 200),
                        org.assertj.core.groups.Tuple.tuple(RegistryOperation.CREATE, "dev1", 409));
        assertThat(events.get(0).category()).isEqualTo("DeviceIdentityOperations");
    }

    @Test
    void open_whenReopened_thenDevicesSurvive() {
        Device d = registry.create(DeviceSpec.of("dev1")).join();
        registry.disable("dev1", "x").join();
        registry.close();
        registry = DeviceRegistry.open(dataDir, hub, CLOCK, RegistryOptions.defaults(), events::add);
        Device read = registry.get("dev1").join();
        assertThat(read.status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(read.authentication()).isEqualTo(d.authentication());
    }

    @Test
    void storeCalls_whenAnyOperation_thenNeverOnCallersThread() {
        List<String> storeThreads = new CopyOnWriteArrayList<>();
        io.roost.registry.store.RegistryStore sqlite =
                io.roost.registry.store.SqliteRegistryStore.open(dataDir.resolve("other"));
        io.roost.registry.store.RegistryStore recording = (io.roost.registry.store.RegistryStore)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {io.roost.registry.store.RegistryStore.class}, (proxy, method, args) -> {
                            if (!method.getName().equals("close")) {
                                storeThreads.add(Thread.currentThread().getName());
                            }
                            try {
                                return method.invoke(sqlite, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
        try (DeviceRegistry other = new DeviceRegistry(recording, hub, CLOCK,
                java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "worker-under-test")),
                RegistryOptions.defaults(), io.roost.registry.events.RegistryEvents.NONE)) {
            Device d = other.create(DeviceSpec.of("dev1")).join();
            other.authenticateDevice("dev1", deviceToken(d, d.authentication().symmetricKey().primaryKey())).join();
            other.get("dev1").join();
            other.disable("dev1", null).join();
            other.delete("dev1", "*").join();
        }
        assertThat(storeThreads).isNotEmpty().allMatch("worker-under-test"::equals);
    }

    private String deviceToken(Device d, String key) {
        return SasTokens.sign(hub.connectionStrings().deviceHostName() + "/devices/" + d.deviceId(), key,
                CLOCK.instant().plusSeconds(3600), null);
    }
}
