package io.roost.registry.store;

import io.roost.registry.device.Device;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable storage of device identities. Synchronous JDBC: call it only from a worker pool, never
 * from an event loop ({@code DeviceRegistry} does this). Every method returns after its change is
 * committed. Failures of the store itself are {@code RoostException} UNAVAILABLE or INTERNAL_ERROR.
 * Implementations are thread-safe.
 */
public interface RegistryStore extends AutoCloseable {

    Optional<Device> find(String deviceId);

    /** The stored devices among {@code deviceIds}, by id; absent ids are left out. */
    Map<String, Device> findAll(Collection<String> deviceIds);

    /**
     * Inserts a new device.
     *
     * @throws io.roost.core.error.RoostException CONFLICT when the id exists
     */
    void insert(Device device);

    /**
     * Replaces the device of the same id if its stored etag is {@code expectedEtag} (optimistic
     * concurrency in the UPDATE's WHERE clause; null means any etag).
     *
     * @return false when no row has that id and etag
     */
    boolean update(Device device, String expectedEtag);

    /**
     * Deletes the device if its stored etag is {@code expectedEtag} (null means any).
     *
     * @return false when no row has that id and etag
     */
    boolean delete(String deviceId, String expectedEtag);

    /** Up to {@code top} devices with ids greater than {@code afterDeviceId} (null: from the start), by id. */
    List<Device> list(int top, String afterDeviceId);

    long count();

    /**
     * Applies the mutations in one transaction: all or none are durable.
     *
     * @return per mutation, whether it changed a row (false: etag mismatch or not found)
     * @throws io.roost.core.error.RoostException when the batch failed and nothing was applied
     *         (for example CONFLICT on a concurrent insert of the same id)
     */
    List<Boolean> applyBatch(List<StoreMutation> mutations);

    @Override
    void close();
}
