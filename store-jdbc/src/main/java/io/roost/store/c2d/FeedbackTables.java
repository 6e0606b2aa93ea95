package io.roost.store.c2d;

import io.roost.core.c2d.C2dStore.UnbatchedFeedback;
import io.roost.core.c2d.FeedbackBatch;
import io.roost.core.c2d.FeedbackRecord;
import io.roost.core.c2d.FeedbackStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the feedback tables ({@code c2d_feedback}, {@code c2d_feedback_batches}) on the C2D
 * store's connection. Every method runs inside a transaction its caller,
 * {@link SqliteC2dStore}, opens and commits. Ids are handed out from memory (read once at open), as
 * portable SQL has no common auto-increment.
 *
 * <p>Not thread-safe: confined to the C2D store thread, like its store.
 */
final class FeedbackTables {

    private final Connection connection;
    private long lastFeedbackId;
    private long lastBatchId;

    FeedbackTables(Connection connection) throws SQLException {
        this.connection = connection;
        this.lastFeedbackId = longQuery("SELECT COALESCE(MAX(id), 0) FROM c2d_feedback");
        this.lastBatchId = longQuery("SELECT COALESCE(MAX(id), 0) FROM c2d_feedback_batches");
    }

    void insert(List<FeedbackRecord> feedback) throws SQLException {
        if (feedback.isEmpty()) {
            return;
        }
        long id = lastFeedbackId;
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO c2d_feedback (id, batch_id, created_ms,"
                + " original_message_id, status, description, device_id, generation_id) VALUES (?, NULL, ?, ?, ?, ?, ?, ?)")) {
            for (FeedbackRecord record : feedback) {
                s.setLong(1, ++id);
                s.setLong(2, record.enqueuedTimeMillis());
                s.setString(3, record.originalMessageId());
                s.setString(4, record.status().name());
                s.setString(5, record.description());
                s.setString(6, record.deviceId());
                s.setString(7, record.deviceGenerationId());
                s.addBatch();
            }
            s.executeBatch();
        }
        // Advanced once the statements ran: a later rollback skips ids, it never reuses a committed one.
        lastFeedbackId = id;
    }

    UnbatchedFeedback unbatched() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT COUNT(*), COALESCE(MIN(created_ms), 0) FROM c2d_feedback WHERE batch_id IS NULL");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return new UnbatchedFeedback(rs.getInt(1), rs.getLong(2));
        }
    }

    void createBatch(long createdMillis, int max) throws SQLException {
        long batchId = lastBatchId + 1;
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO c2d_feedback_batches"
                + " (id, created_ms, lock_token, locked_until_ms, delivery_count) VALUES (?, ?, NULL, 0, 0)")) {
            s.setLong(1, batchId);
            s.setLong(2, createdMillis);
            s.executeUpdate();
        }
        try (PreparedStatement s = connection.prepareStatement("UPDATE c2d_feedback SET batch_id = ? WHERE id IN"
                + " (SELECT id FROM c2d_feedback WHERE batch_id IS NULL ORDER BY id LIMIT ?)")) {
            s.setLong(1, batchId);
            s.setInt(2, max);
            s.executeUpdate();
        }
        lastBatchId = batchId;
    }

    Optional<FeedbackBatch> lockBatch(long nowMillis, String lockToken, long lockedUntilMillis) throws SQLException {
        long batchId;
        long createdMillis;
        int deliveryCount;
        try (PreparedStatement s = connection.prepareStatement("SELECT id, created_ms, delivery_count"
                + " FROM c2d_feedback_batches WHERE locked_until_ms <= ? ORDER BY id LIMIT 1")) {
            s.setLong(1, nowMillis);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                batchId = rs.getLong(1);
                createdMillis = rs.getLong(2);
                deliveryCount = rs.getInt(3) + 1;
            }
        }
        try (PreparedStatement s = connection.prepareStatement("UPDATE c2d_feedback_batches"
                + " SET lock_token = ?, locked_until_ms = ?, delivery_count = ? WHERE id = ?")) {
            s.setString(1, lockToken);
            s.setLong(2, lockedUntilMillis);
            s.setInt(3, deliveryCount);
            s.setLong(4, batchId);
            s.executeUpdate();
        }
        return Optional.of(new FeedbackBatch(lockToken, createdMillis, deliveryCount, records(batchId)));
    }

    boolean completeBatch(String lockToken, long nowMillis) throws SQLException {
        Optional<Long> batchId = lockedBatch(lockToken, nowMillis);
        if (batchId.isEmpty()) {
            return false;
        }
        for (String sql : List.of("DELETE FROM c2d_feedback WHERE batch_id = ?", "DELETE FROM c2d_feedback_batches WHERE id = ?")) {
            try (PreparedStatement s = connection.prepareStatement(sql)) {
                s.setLong(1, batchId.get());
                s.executeUpdate();
            }
        }
        return true;
    }

    boolean releaseBatch(String lockToken, long nowMillis) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("UPDATE c2d_feedback_batches"
                + " SET lock_token = NULL, locked_until_ms = 0 WHERE lock_token = ? AND locked_until_ms > ?")) {
            s.setString(1, lockToken);
            s.setLong(2, nowMillis);
            return s.executeUpdate() > 0;
        }
    }

    int deleteMadeBefore(long cutoffMillis) throws SQLException {
        int deleted;
        try (PreparedStatement s = connection.prepareStatement("DELETE FROM c2d_feedback WHERE created_ms < ?")) {
            s.setLong(1, cutoffMillis);
            deleted = s.executeUpdate();
        }
        if (deleted > 0) {
            // A batch whose records all expired is gone too, locked or not.
            try (PreparedStatement s = connection.prepareStatement("DELETE FROM c2d_feedback_batches WHERE id NOT IN"
                    + " (SELECT batch_id FROM c2d_feedback WHERE batch_id IS NOT NULL)")) {
                s.executeUpdate();
            }
        }
        return deleted;
    }

    private List<FeedbackRecord> records(long batchId) throws SQLException {
        List<FeedbackRecord> records = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT original_message_id, created_ms, status,"
                + " description, device_id, generation_id FROM c2d_feedback WHERE batch_id = ? ORDER BY id")) {
            s.setLong(1, batchId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    records.add(new FeedbackRecord(rs.getString(1), rs.getLong(2), FeedbackStatus.valueOf(rs.getString(3)),
                            rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
        }
        return records;
    }

    private Optional<Long> lockedBatch(String lockToken, long nowMillis) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT id FROM c2d_feedback_batches WHERE lock_token = ? AND locked_until_ms > ?")) {
            s.setString(1, lockToken);
            s.setLong(2, nowMillis);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private long longQuery(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
