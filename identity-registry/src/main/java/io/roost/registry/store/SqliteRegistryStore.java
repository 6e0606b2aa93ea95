package io.roost.registry.store;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.registry.device.Device;
import io.roost.store.sqlite.SqliteDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The default {@link RegistryStore}: one SQLite file, {@code {data-dir}/registry.db}.
 *
 * <p>Durability: WAL journal with {@code synchronous=FULL}, so the WAL is fsynced at every commit
 * and a committed registry change survives a crash or power loss. (With WAL, NORMAL stays
 * consistent but may lose the last commits on power loss: a deleted or disabled device could come
 * back, which a registry must not allow. Bulk import batches 1,000 devices per commit, so the
 * fsync cost is paid per batch, not per device.)
 *
 * <p>Thread-safe: every call is serialised on one connection. SQLite admits one writer at a time
 * anyway, and the hot read path is {@code DeviceRegistry}'s cache, not this store.
 */
public final class SqliteRegistryStore implements RegistryStore {

    public static final String FILE_NAME = "registry.db";

    private static final Logger LOG = LoggerFactory.getLogger(SqliteRegistryStore.class);

    private final Connection connection;

    private SqliteRegistryStore(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens (creating if needed) {@code {dataDir}/registry.db} and migrates its schema.
     *
     * @throws RoostException UNAVAILABLE when the file cannot be opened or migrated
     */
    public static SqliteRegistryStore open(Path dataDir) {
        return new SqliteRegistryStore(SqliteDatabase.open(dataDir.resolve(FILE_NAME), RegistrySchema.NAME,
                RegistrySchema.VERSION_TABLE, RegistrySchema.MIGRATIONS));
    }

    @Override
    public synchronized Optional<Device> find(String deviceId) {
        try {
            return DeviceSql.find(connection, deviceId);
        } catch (SQLException e) {
            throw failure("find", e);
        }
    }

    @Override
    public synchronized Map<String, Device> findAll(Collection<String> deviceIds) {
        try {
            return DeviceSql.findAll(connection, deviceIds);
        } catch (SQLException e) {
            throw failure("find", e);
        }
    }

    @Override
    public synchronized void insert(Device device) {
        try {
            DeviceSql.insert(connection, device);
        } catch (SQLException e) {
            throw isDuplicate(e) ? exists(device.deviceId()) : failure("insert", e);
        }
    }

    @Override
    public synchronized boolean update(Device device, String expectedEtag) {
        try {
            return DeviceSql.update(connection, device, expectedEtag);
        } catch (SQLException e) {
            throw failure("update", e);
        }
    }

    @Override
    public synchronized boolean delete(String deviceId, String expectedEtag) {
        try {
            return DeviceSql.delete(connection, deviceId, expectedEtag);
        } catch (SQLException e) {
            throw failure("delete", e);
        }
    }

    @Override
    public synchronized List<Device> list(int top, String afterDeviceId) {
        try {
            return DeviceSql.list(connection, top, afterDeviceId);
        } catch (SQLException e) {
            throw failure("list", e);
        }
    }

    @Override
    public synchronized long count() {
        try {
            return DeviceSql.count(connection);
        } catch (SQLException e) {
            throw failure("count", e);
        }
    }

    @Override
    public synchronized List<Boolean> applyBatch(List<StoreMutation> mutations) {
        List<Boolean> results = new ArrayList<>(mutations.size());
        String current = null;
        try {
            connection.setAutoCommit(false);
            for (StoreMutation m : mutations) {
                current = m.deviceId();
                results.add(apply(m));
            }
            connection.commit();
            return results;
        } catch (SQLException e) {
            rollbackQuietly();
            throw isDuplicate(e) ? exists(current) : failure("batch", e);
        } catch (RuntimeException e) {
            rollbackQuietly();
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                LOG.warn("Could not restore auto-commit on the registry store", e);
            }
        }
    }

    private boolean apply(StoreMutation m) throws SQLException {
        if (m instanceof StoreMutation.Insert insert) {
            DeviceSql.insert(connection, insert.device());
            return true;
        } else if (m instanceof StoreMutation.Update update) {
            return DeviceSql.update(connection, update.device(), update.expectedEtag());
        } else {
            StoreMutation.Delete delete = (StoreMutation.Delete) m;
            return DeviceSql.delete(connection, delete.deviceId(), delete.expectedEtag());
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("Rollback of the registry store failed", e);
        }
    }

    private static boolean isDuplicate(SQLException e) {
        return e instanceof SQLiteException se
                && (se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                || se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE);
    }

    private static RoostException exists(String deviceId) {
        return new RoostException(Status.CONFLICT, "device " + deviceId + " already exists");
    }

    private static RoostException failure(String operation, SQLException e) {
        LOG.error("Registry store {} failed", operation, e);
        return new RoostException(Status.UNAVAILABLE, "the registry store failed", e);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("Closing the registry store failed", e);
        }
    }
}
