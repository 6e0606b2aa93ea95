package io.roost.store.c2d;

import io.roost.core.c2d.AckMode;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.C2dStore;
import io.roost.core.c2d.FeedbackBatch;
import io.roost.core.c2d.FeedbackRecord;
import io.roost.core.c2d.QueuedC2dMessage;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.store.sqlite.SqliteDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link C2dStore}: one SQLite file, {@code {data-dir}/c2d.db}, apart from the registry
 * so the two never wait for each other's writes.
 *
 * <p>Durability: WAL with {@code synchronous=FULL}, so every committed change (a message queued, a
 * completion with its feedback record) is fsynced before the commit returns. Outside a batch every
 * method is one transaction; inside one (group commit, see {@link C2dStore}) they share the batch's
 * transaction and {@link #commitBatch()} fsyncs once for all of them.
 *
 * <p>Not thread-safe: confined to the C2D store thread, as {@link C2dStore} requires.
 */
public final class SqliteC2dStore implements C2dStore {

    public static final String FILE_NAME = "c2d.db";
    private static final Logger LOG = LoggerFactory.getLogger(SqliteC2dStore.class);
    private static final String MESSAGE_COLUMNS = "device_id, sequence_number, generation_id, enqueued_ms, expiry_ms,"
            + " delivery_count, lock_token, locked_until_ms, message_id, correlation_id, user_id, content_type,"
            + " content_encoding, ack, properties, body";

    private final Connection connection;
    private final C2dTransactions transactions;
    private final FeedbackTables feedback;

    private SqliteC2dStore(Connection connection) throws SQLException {
        this.connection = connection;
        this.transactions = new C2dTransactions(connection);
        this.feedback = new FeedbackTables(connection);
    }

    /**
     * Opens (creating if needed) {@code {dataDir}/c2d.db} and migrates its schema.
     *
     * @throws RoostException UNAVAILABLE when the file cannot be opened or migrated
     */
    public static SqliteC2dStore open(Path dataDir) {
        Connection connection = SqliteDatabase.open(dataDir.resolve(FILE_NAME), C2dSchema.NAME, C2dSchema.VERSION_TABLE,
                C2dSchema.MIGRATIONS);
        try {
            connection.setAutoCommit(false);
            return new SqliteC2dStore(connection);
        } catch (SQLException e) {
            throw new RoostException(Status.UNAVAILABLE, "cannot open the C2D store " + dataDir.resolve(FILE_NAME), e);
        }
    }

    private <T> T inTransaction(String call, C2dTransactions.Work<T> work) {
        return transactions.run(call, work);
    }

    @Override
    public void beginBatch() {
        transactions.beginBatch();
    }

    @Override
    public void beginOperation() {
        transactions.beginOperation();
    }

    @Override
    public void endOperation() {
        transactions.endOperation();
    }

    @Override
    public void undoOperation() {
        transactions.undoOperation();
    }

    @Override
    public void commitBatch() {
        transactions.commitBatch();
    }

    @Override
    public void rollbackBatch() {
        transactions.rollbackBatch();
    }

    @Override
    public Map<String, Integer> depths() {
        return inTransaction("depths", () -> {
            Map<String, Integer> depths = new HashMap<>();
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT device_id, COUNT(*) FROM c2d_messages GROUP BY device_id");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    depths.put(rs.getString(1), rs.getInt(2));
                }
            }
            return depths;
        });
    }

    @Override
    public QueuedC2dMessage insert(String deviceId, String deviceGenerationId, C2dMessage message, long enqueuedTimeMillis,
            long expiryTimeMillis) {
        return inTransaction("insert", () -> {
            long sequenceNumber = nextSequenceNumber(deviceId);
            QueuedC2dMessage queued = new QueuedC2dMessage(deviceId, deviceGenerationId, sequenceNumber, enqueuedTimeMillis,
                    expiryTimeMillis, 0, null, 0, message.withExpiry(expiryTimeMillis));
            try (PreparedStatement s = connection.prepareStatement("INSERT INTO c2d_messages (" + MESSAGE_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, deviceId);
                s.setLong(2, sequenceNumber);
                s.setString(3, deviceGenerationId);
                s.setLong(4, enqueuedTimeMillis);
                s.setLong(5, expiryTimeMillis);
                s.setInt(6, 0);
                s.setNull(7, Types.VARCHAR);
                s.setLong(8, 0);
                s.setString(9, message.messageId());
                s.setString(10, message.correlationId());
                s.setString(11, message.userId());
                s.setString(12, message.contentType());
                s.setString(13, message.contentEncoding());
                s.setString(14, message.ack().wireName());
                s.setString(15, PropertyCoding.encode(message.applicationProperties()));
                s.setBytes(16, message.body());
                s.executeUpdate();
            }
            return queued;
        });
    }

    private long nextSequenceNumber(String deviceId) throws SQLException {
        long last = 0;
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT last_sequence_number FROM c2d_sequences WHERE device_id = ?")) {
            s.setString(1, deviceId);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    last = rs.getLong(1);
                }
            }
        }
        String sql = last == 0
                ? "INSERT INTO c2d_sequences (last_sequence_number, device_id) VALUES (?, ?)"
                : "UPDATE c2d_sequences SET last_sequence_number = ? WHERE device_id = ?";
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.setLong(1, last + 1);
            s.setString(2, deviceId);
            s.executeUpdate();
        }
        return last + 1;
    }

    @Override
    public List<QueuedC2dMessage> unlocked(String deviceId, long nowMillis, int max) {
        return inTransaction("unlocked", () -> messages("SELECT " + MESSAGE_COLUMNS + " FROM c2d_messages"
                + " WHERE device_id = ? AND locked_until_ms <= ? ORDER BY sequence_number LIMIT ?", deviceId, nowMillis, max));
    }

    @Override
    public Optional<QueuedC2dMessage> findByLockToken(String deviceId, String lockToken) {
        return inTransaction("find", () -> messages("SELECT " + MESSAGE_COLUMNS + " FROM c2d_messages"
                + " WHERE device_id = ? AND lock_token = ?", deviceId, lockToken).stream().findFirst());
    }

    @Override
    public List<QueuedC2dMessage> all(String deviceId) {
        return inTransaction("all", () -> messages("SELECT " + MESSAGE_COLUMNS + " FROM c2d_messages"
                + " WHERE device_id = ? ORDER BY sequence_number", deviceId));
    }

    @Override
    public List<QueuedC2dMessage> expired(long nowMillis, int max) {
        return inTransaction("expired", () -> messages("SELECT " + MESSAGE_COLUMNS + " FROM c2d_messages"
                + " WHERE expiry_ms <= ? ORDER BY expiry_ms LIMIT ?", nowMillis, max));
    }

    @Override
    public List<QueuedC2dMessage> lockEnded(long nowMillis, int max) {
        return inTransaction("lockEnded", () -> messages("SELECT " + MESSAGE_COLUMNS + " FROM c2d_messages"
                + " WHERE locked_until_ms > 0 AND locked_until_ms <= ? ORDER BY locked_until_ms LIMIT ?", nowMillis, max));
    }

    @Override
    public void updateLock(QueuedC2dMessage message) {
        inTransaction("updateLock", () -> {
            try (PreparedStatement s = connection.prepareStatement("UPDATE c2d_messages"
                    + " SET lock_token = ?, locked_until_ms = ?, delivery_count = ?"
                    + " WHERE device_id = ? AND sequence_number = ?")) {
                s.setString(1, message.lockToken());
                s.setLong(2, message.lockToken() == null ? 0 : message.lockedUntilMillis());
                s.setInt(3, message.deliveryCount());
                s.setString(4, message.deviceId());
                s.setLong(5, message.sequenceNumber());
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void remove(List<QueuedC2dMessage> messages, List<FeedbackRecord> feedback) {
        inTransaction("remove", () -> {
            try (PreparedStatement s = connection.prepareStatement(
                    "DELETE FROM c2d_messages WHERE device_id = ? AND sequence_number = ?")) {
                for (QueuedC2dMessage message : messages) {
                    s.setString(1, message.deviceId());
                    s.setLong(2, message.sequenceNumber());
                    s.addBatch();
                }
                s.executeBatch();
            }
            this.feedback.insert(feedback);
            return null;
        });
    }

    @Override
    public UnbatchedFeedback unbatchedFeedback() {
        return inTransaction("unbatchedFeedback", feedback::unbatched);
    }

    @Override
    public void createFeedbackBatch(long createdMillis, int max) {
        inTransaction("createFeedbackBatch", () -> {
            feedback.createBatch(createdMillis, max);
            return null;
        });
    }

    @Override
    public Optional<FeedbackBatch> lockFeedbackBatch(long nowMillis, String lockToken, long lockedUntilMillis) {
        return inTransaction("lockFeedbackBatch", () -> feedback.lockBatch(nowMillis, lockToken, lockedUntilMillis));
    }

    @Override
    public boolean completeFeedbackBatch(String lockToken, long nowMillis) {
        return inTransaction("completeFeedbackBatch", () -> feedback.completeBatch(lockToken, nowMillis));
    }

    @Override
    public boolean releaseFeedbackBatch(String lockToken, long nowMillis) {
        return inTransaction("releaseFeedbackBatch", () -> feedback.releaseBatch(lockToken, nowMillis));
    }

    @Override
    public int deleteFeedbackMadeBefore(long cutoffMillis) {
        return inTransaction("deleteFeedbackMadeBefore", () -> feedback.deleteMadeBefore(cutoffMillis));
    }

    private List<QueuedC2dMessage> messages(String sql, Object... parameters) throws SQLException {
        List<QueuedC2dMessage> messages = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    messages.add(message(rs));
                }
            }
        }
        return messages;
    }

    private static QueuedC2dMessage message(ResultSet rs) throws SQLException {
        C2dMessage message = new C2dMessage(rs.getString("message_id"), rs.getString("correlation_id"),
                rs.getString("user_id"), rs.getString("content_type"), rs.getString("content_encoding"),
                AckMode.valueOf(rs.getString("ack").toUpperCase(Locale.ROOT)), rs.getLong("expiry_ms"),
                PropertyCoding.decode(rs.getString("properties")), rs.getBytes("body"));
        return new QueuedC2dMessage(rs.getString("device_id"), rs.getString("generation_id"), rs.getLong("sequence_number"),
                rs.getLong("enqueued_ms"), rs.getLong("expiry_ms"), rs.getInt("delivery_count"), rs.getString("lock_token"),
                rs.getLong("locked_until_ms"), message);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("Closing the C2D store failed", e);
        }
    }
}
