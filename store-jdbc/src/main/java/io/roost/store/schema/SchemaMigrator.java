package io.roost.store.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to the newest schema version: reads its version table, then runs each
 * newer {@link Migration} in its own transaction together with the version bump, so a crash leaves
 * the schema at a whole version. Refuses a database newer than this code. Not thread-safe; run it
 * once, before the store is shared.
 *
 * <p>Each store keeps its own version table ({@code schema_version} for the registry,
 * {@code c2d_schema_version} ...), so stores may share a database (PostgreSQL) and still migrate
 * on their own.
 */
public final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    /**
     * @param name what the schema belongs to, for messages ("registry", "C2D")
     * @param versionTable the table that holds this schema's version
     * @return the version the database is at afterwards
     */
    public static int migrate(Connection c, String name, String versionTable, List<Migration> migrations)
            throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS " + versionTable + " (version INTEGER NOT NULL)");
            int current = currentVersion(s, versionTable);
            if (current < 0) {
                s.executeUpdate("INSERT INTO " + versionTable + " (version) VALUES (0)");
                current = 0;
            }
            c.commit();
            int newest = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
            if (current > newest) {
                throw new SQLException("the " + name + " database is at schema version " + current
                        + ", newer than this Roost (" + newest + "); use a newer Roost");
            }
            for (Migration m : migrations) {
                if (m.version() <= current) {
                    continue;
                }
                for (String sql : m.statements()) {
                    s.executeUpdate(sql);
                }
                s.executeUpdate("UPDATE " + versionTable + " SET version = " + m.version());
                c.commit();
                current = m.version();
                LOG.info("{} schema migrated to version {} ({})", name, m.version(), m.description());
            }
            return current;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static int currentVersion(Statement s, String versionTable) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT version FROM " + versionTable)) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }
}
