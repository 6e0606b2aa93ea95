package io.roost.store.operations;

import io.roost.store.schema.Migration;
import java.util.List;

/**
 * The operations log's schema history. Append a migration to change it; never edit a released one.
 * Sequences are assigned by the single writer, so the key is a plain BIGINT (portable); the
 * indexes serve the three questions readers ask: since a time, of one device, of one category.
 */
final class OperationsSchema {

    static final String NAME = "operations";
    static final String VERSION_TABLE = "operations_schema_version";

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "operations log", List.of(
                    "CREATE TABLE operations ("
                            + " sequence BIGINT NOT NULL PRIMARY KEY,"
                            + " time_ms BIGINT NOT NULL,"
                            + " category VARCHAR(32) NOT NULL,"
                            + " operation VARCHAR(64) NOT NULL,"
                            + " level VARCHAR(16) NOT NULL,"
                            + " result VARCHAR(16) NOT NULL,"
                            + " status_code INTEGER NOT NULL,"
                            + " reason VARCHAR(1024),"
                            + " device_id VARCHAR(128),"
                            + " protocol VARCHAR(16),"
                            + " auth_type VARCHAR(16),"
                            + " masked_address VARCHAR(64),"
                            + " duration_ms BIGINT NOT NULL)",
                    "CREATE INDEX operations_time ON operations (time_ms)",
                    "CREATE INDEX operations_device ON operations (device_id, sequence)",
                    "CREATE INDEX operations_category ON operations (category, sequence)")));

    private OperationsSchema() {
    }
}
