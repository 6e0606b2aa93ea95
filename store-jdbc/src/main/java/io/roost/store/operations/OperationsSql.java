package io.roost.store.operations;

import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationEvent;
import io.roost.core.operations.OperationsFilter;
import io.roost.core.operations.StoredOperation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The operations table's statements. Stateless; each call uses the connection it is given, which
 * belongs to the calling thread (the writer's or the reader's).
 */
final class OperationsSql {

    /** Reasons are free text from clients and exceptions: kept to the column's size. */
    static final int MAX_REASON_CHARS = 1024;
    private static final String COLUMNS = "sequence, time_ms, category, operation, level, result, status_code, reason,"
            + " device_id, protocol, auth_type, masked_address, duration_ms";

    private OperationsSql() {
    }

    static long maxSequence(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(sequence), 0) FROM operations")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void insert(Connection connection, List<StoredOperation> batch) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO operations (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (StoredOperation stored : batch) {
                OperationEvent e = stored.event();
                ps.setLong(1, stored.sequence());
                ps.setLong(2, e.time().toEpochMilli());
                ps.setString(3, e.category().name());
                ps.setString(4, e.operation());
                ps.setString(5, e.level());
                ps.setString(6, e.result());
                ps.setInt(7, e.statusCode());
                setNullable(ps, 8, e.reason() == null || e.reason().length() <= MAX_REASON_CHARS
                        ? e.reason() : e.reason().substring(0, MAX_REASON_CHARS));
                setNullable(ps, 9, e.deviceId());
                setNullable(ps, 10, e.protocol());
                setNullable(ps, 11, e.authType());
                setNullable(ps, 12, e.maskedAddress());
                ps.setLong(13, e.durationMillis());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Deletes events older than {@code cutoffMillis}; returns how many went. */
    static int deleteOlderThan(Connection connection, long cutoffMillis) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM operations WHERE time_ms < ?")) {
            ps.setLong(1, cutoffMillis);
            return ps.executeUpdate();
        }
    }

    /** The newest {@code limit} matches with a sequence at most {@code upTo}, returned oldest first. */
    static List<StoredOperation> newest(Connection connection, OperationsFilter filter, long upTo, int limit)
            throws SQLException {
        List<StoredOperation> found = select(connection, filter, 0, upTo, limit, "DESC");
        Collections.reverse(found);
        return found;
    }

    /** The first {@code limit} matches in ({@code after}, {@code upTo}], oldest first. */
    static List<StoredOperation> after(Connection connection, OperationsFilter filter, long after, long upTo, int limit)
            throws SQLException {
        return select(connection, filter, after, upTo, limit, "ASC");
    }

    private static List<StoredOperation> select(Connection connection, OperationsFilter filter, long after, long upTo,
            int limit, String order) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
                + " FROM operations WHERE sequence > ? AND sequence <= ? AND time_ms >= ?");
        if (filter.category() != null) {
            sql.append(" AND category = ?");
        }
        if (filter.deviceId() != null) {
            sql.append(" AND device_id = ?");
        }
        sql.append(" ORDER BY sequence ").append(order).append(" LIMIT ?");
        try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setLong(i++, after);
            ps.setLong(i++, upTo);
            ps.setLong(i++, filter.since().toEpochMilli());
            if (filter.category() != null) {
                ps.setString(i++, filter.category().name());
            }
            if (filter.deviceId() != null) {
                ps.setString(i++, filter.deviceId());
            }
            ps.setInt(i, limit);
            List<StoredOperation> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(read(rs));
                }
            }
            return found;
        }
    }

    private static StoredOperation read(ResultSet rs) throws SQLException {
        OperationCategory category = OperationCategory.parse(rs.getString(3));
        OperationEvent event = new OperationEvent(Instant.ofEpochMilli(rs.getLong(2)), category, rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12), rs.getLong(13));
        return new StoredOperation(rs.getLong(1), event);
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }
}
