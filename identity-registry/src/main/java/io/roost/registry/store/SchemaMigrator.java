package io.roost.registry.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to the newest schema version: reads {@code schema_version}, then runs each
 * newer {@link Migration} in its own transaction together with the version bump, so a crash leaves
 * the schema at a whole version. Refuses a database newer than this code. Not thread-safe; run it
 * once, before the store is shared.
 */
final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    /** @return the version the database is at afterwards */
    static int migrate(Connection c, List<Migration> migrations) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int current = currentVersion(s);
            if (current < 0) {
                s.executeUpdate("INSERT INTO schema_version (version) VALUES (0)");
                current = 0;
            }
            c.commit();
            int newest = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
            if (current > newest) {
                throw new SQLException("the registry database is at schema version " + current
                        + ", newer than this Roost (" + newest + "); use a newer Roost");
            }
            for (Migration m : migrations) {
                if (m.version() <= current) {
                    continue;
                }
                for (String sql : m.statements()) {
                    s.executeUpdate(sql);
                }
                s.executeUpdate("UPDATE schema_version SET version = " + m.version());
                c.commit();
                current = m.version();
                LOG.info("Registry schema migrated to version {} ({})", m.version(), m.description());
            }
            return current;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static int currentVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }
}
