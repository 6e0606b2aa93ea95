package io.roost.store.sqlite;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.store.schema.Migration;
import io.roost.store.schema.SchemaMigrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens one of Roost's SQLite files the same way for every store: WAL journal with
 * {@code synchronous=FULL} (every commit is fsynced before it returns, so nothing acknowledged is
 * lost on a crash or power loss), a busy timeout, and the schema migrated to the newest version.
 * Stateless.
 */
public final class SqliteDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);

    private SqliteDatabase() {
    }

    /**
     * @param name what the file holds, for messages ("registry", "C2D")
     * @param versionTable the table holding this schema's version
     * @return an open connection in auto-commit mode
     * @throws RoostException UNAVAILABLE naming the file when it cannot be opened or migrated
     */
    public static Connection open(Path file, String name, String versionTable, List<Migration> migrations) {
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
            Connection connection = connect(absolute);
            int version = SchemaMigrator.migrate(connection, name, versionTable, migrations);
            LOG.info("{} store {} open at schema version {}", name, absolute, version);
            return connection;
        } catch (SQLException | IOException e) {
            throw new RoostException(Status.UNAVAILABLE, "cannot open the " + name + " store " + absolute, e);
        }
    }

    /**
     * A further connection to a store that {@link #open} opened (and so migrated) already, with the
     * same settings: for a store that reads on one connection while it writes on another.
     *
     * @throws RoostException UNAVAILABLE naming the file when it cannot be opened
     */
    public static Connection openAnother(Path file, String name) {
        Path absolute = file.toAbsolutePath();
        try {
            return connect(absolute);
        } catch (SQLException e) {
            throw new RoostException(Status.UNAVAILABLE, "cannot open the " + name + " store " + absolute, e);
        }
    }

    private static Connection connect(Path absolute) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + absolute);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=5000");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
