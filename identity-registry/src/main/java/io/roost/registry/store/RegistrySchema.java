package io.roost.registry.store;

import io.roost.store.schema.Migration;
import java.util.List;

/**
 * The registry's schema history. Append a migration to change the schema; never edit a released
 * one (stores already at that version would not see the change).
 *
 * <p>Portable SQL: types VARCHAR/BIGINT, no AUTOINCREMENT or SERIAL, no ON CONFLICT. Device ids
 * compare case-sensitively, which is the default (BINARY / deterministic) collation of both products.
 * Runtime state (connection state, last activity, C2D count) is not stored here.
 */
final class RegistrySchema {

    static final String NAME = "registry";
    static final String VERSION_TABLE = "schema_version";

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "devices", List.of(
                    "CREATE TABLE devices ("
                            + " device_id VARCHAR(128) NOT NULL PRIMARY KEY,"
                            + " generation_id VARCHAR(64) NOT NULL,"
                            + " etag VARCHAR(64) NOT NULL,"
                            + " status VARCHAR(16) NOT NULL,"
                            + " status_reason VARCHAR(128),"
                            + " status_updated_ms BIGINT,"
                            + " auth_type VARCHAR(16) NOT NULL,"
                            + " primary_key VARCHAR(128),"
                            + " secondary_key VARCHAR(128),"
                            + " primary_thumbprint VARCHAR(128),"
                            + " secondary_thumbprint VARCHAR(128))")));

    private RegistrySchema() {
    }
}
