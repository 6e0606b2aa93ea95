package io.roost.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roost.store.schema.SchemaMigrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRegistryStoreTest extends RegistryStoreContractTest {

    @TempDir
    Path dataDir;

    @Override
    protected RegistryStore openStore() {
        return SqliteRegistryStore.open(dataDir);
    }

    @Override
    protected RegistryStore reopenStore() {
        store.close();
        return SqliteRegistryStore.open(dataDir);
    }

    @Test
    void open_whenNew_thenWalJournalAndSchemaVersionRecorded() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteRegistryStore.FILE_NAME));
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
            try (ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
                assertThat(rs.getInt(1)).isEqualTo(RegistrySchema.MIGRATIONS.size());
            }
        }
    }

    @Test
    void migrate_whenDatabaseNewerThanCode_thenRefused() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("other.db"))) {
            SchemaMigrator.migrate(c, RegistrySchema.NAME, RegistrySchema.VERSION_TABLE, RegistrySchema.MIGRATIONS);
            assertThatThrownBy(() -> SchemaMigrator.migrate(c, RegistrySchema.NAME, RegistrySchema.VERSION_TABLE, List.of()))
                    .hasMessageContaining("newer than this Roost");
            assertThat(SchemaMigrator.migrate(c, RegistrySchema.NAME, RegistrySchema.VERSION_TABLE, RegistrySchema.MIGRATIONS)).isEqualTo(1);
        }
    }
}
