package io.roost.registry.store;

import static io.roost.registry.Statuses.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.error.RoostException.Status;
import io.roost.registry.device.AuthenticationType;
import io.roost.registry.device.Device;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.device.DeviceStatus;
import io.roost.registry.device.X509Thumbprint;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RegistryStore} must have, written once. A backend's test extends this
 * and supplies {@link #openStore()} (and {@link #reopenStore()} when it is durable).
 */
public abstract class RegistryStoreContractTest {

    protected static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    protected RegistryStore store;

    protected abstract RegistryStore openStore();

    /** Closes and opens the same storage again. */
    protected abstract RegistryStore reopenStore();

    @BeforeEach
    void open() {
        store = openStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    protected static Device newDevice(String id) {
        return DeviceSpec.of(id).toNewDevice(NOW);
    }

    @Test
    void insert_whenNew_thenFindReturnsEqualDevice() {
        Device d = newDevice("dev1");
        store.insert(d);
        assertThat(store.find("dev1")).contains(d);
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void insert_whenIdExists_thenConflict() {
        store.insert(newDevice("dev1"));
        failsWith(Status.CONFLICT, () -> store.insert(newDevice("dev1")));
    }

    @Test
    void find_whenIdDiffersOnlyInCase_thenNotFound() {
        store.insert(newDevice("Dev1"));
        assertThat(store.find("dev1")).isEmpty();
        store.insert(newDevice("dev1"));
        assertThat(store.count()).isEqualTo(2);
    }

    @Test
    void update_whenEtagMatches_thenReplaced_andWhenStale_thenFalse() {
        Device d = newDevice("dev1");
        store.insert(d);
        Device disabled = DeviceSpec.of("dev1").withStatus(DeviceStatus.DISABLED, "maint").replacing(d, NOW.plusSeconds(1));
        assertThat(store.update(disabled, d.etag())).isTrue();
        assertThat(store.find("dev1")).contains(disabled);
        assertThat(disabled.authentication()).isEqualTo(d.authentication());
        Device again = DeviceSpec.of("dev1").replacing(disabled, NOW);
        assertThat(store.update(again, d.etag())).isFalse();
        assertThat(store.find("dev1")).contains(disabled);
        assertThat(store.update(newDevice("ghost"), null)).isFalse();
    }

    @Test
    void delete_whenEtagMatchesOrAny_thenGone_andWhenStale_thenFalse() {
        Device d = newDevice("dev1");
        store.insert(d);
        assertThat(store.delete("dev1", "stale")).isFalse();
        assertThat(store.delete("dev1", d.etag())).isTrue();
        assertThat(store.find("dev1")).isEmpty();
        store.insert(newDevice("dev2"));
        assertThat(store.delete("dev2", null)).isTrue();
        assertThat(store.delete("dev2", null)).isFalse();
    }

    @Test
    void list_whenPaged_thenOrderedByIdWithoutGapsOrRepeats() {
        for (int i = 0; i < 25; i++) {
            store.insert(newDevice(String.format("d%02d", i)));
        }
        List<Device> first = store.list(10, null);
        List<Device> second = store.list(10, first.get(9).deviceId());
        List<Device> third = store.list(10, second.get(9).deviceId());
        assertThat(first).extracting(Device::deviceId).startsWith("d00").endsWith("d09");
        assertThat(second).extracting(Device::deviceId).startsWith("d10").endsWith("d19");
        assertThat(third).hasSize(5);
    }

    @Test
    void findAll_whenSomeMissing_thenOnlyStoredReturned() {
        store.insert(newDevice("a"));
        store.insert(newDevice("b"));
        assertThat(store.findAll(List.of("a", "b", "c")).keySet()).isEqualTo(Set.of("a", "b"));
    }

    @Test
    void applyBatch_whenMixed_thenEachResultReported() {
        Device a = newDevice("a");
        store.insert(a);
        List<Boolean> results = store.applyBatch(List.of(
                new StoreMutation.Insert(newDevice("b")),
                new StoreMutation.Update(DeviceSpec.of("a").replacing(a, NOW), "stale"),
                new StoreMutation.Delete("a", a.etag())));
        assertThat(results).containsExactly(true, false, true);
        assertThat(store.findAll(List.of("a", "b")).keySet()).containsExactly("b");
    }

    @Test
    void applyBatch_whenOneInsertConflicts_thenNothingApplied() {
        store.insert(newDevice("a"));
        failsWith(Status.CONFLICT, () -> store.applyBatch(List.of(
                new StoreMutation.Insert(newDevice("b")), new StoreMutation.Insert(newDevice("a")))));
        assertThat(store.find("b")).isEmpty();
        store.insert(newDevice("c"));
        assertThat(store.find("c")).isPresent();
    }

    @Test
    void insert_whenSelfSigned_thenThumbprintsKeptAndNoKeys() {
        Device d = new DeviceSpec("x", null, null, null, AuthenticationType.SELF_SIGNED, null, null,
                new X509Thumbprint("AB12", "CD34")).toNewDevice(NOW);
        store.insert(d);
        Device read = store.find("x").orElseThrow();
        assertThat(read.authentication().symmetricKey()).isNull();
        assertThat(read.authentication().x509Thumbprint()).isEqualTo(new X509Thumbprint("AB12", "CD34"));
    }

    @Test
    void reopen_whenChangesCommitted_thenAllSurvive() {
        Device a = newDevice("a");
        store.insert(a);
        store.insert(newDevice("b"));
        store.delete("b", null);
        store = reopenStore();
        assertThat(store.find("a")).contains(a);
        assertThat(store.find("b")).isEmpty();
    }
}
