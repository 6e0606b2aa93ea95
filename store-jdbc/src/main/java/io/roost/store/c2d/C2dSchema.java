package io.roost.store.c2d;

import io.roost.store.schema.Migration;
import java.util.List;

/**
 * The C2D queues' schema history. Append a migration to change it; never edit a released one.
 *
 * <p>Portable SQL but for the body column: BLOB here, BYTEA on PostgreSQL (its store will map it).
 * Released messages have {@code lock_token} NULL and {@code locked_until_ms} 0, so the lock sweep
 * is an index range scan over {@code locked_until_ms > 0}.
 */
final class C2dSchema {

    static final String NAME = "C2D";
    static final String VERSION_TABLE = "c2d_schema_version";

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "C2D queues and feedback", List.of(
                    "CREATE TABLE c2d_messages ("
                            + " device_id VARCHAR(128) NOT NULL,"
                            + " sequence_number BIGINT NOT NULL,"
                            + " generation_id VARCHAR(64),"
                            + " enqueued_ms BIGINT NOT NULL,"
                            + " expiry_ms BIGINT NOT NULL,"
                            + " delivery_count INTEGER NOT NULL,"
                            + " lock_token VARCHAR(64),"
                            + " locked_until_ms BIGINT NOT NULL,"
                            + " message_id VARCHAR(128),"
                            + " correlation_id VARCHAR(128),"
                            + " user_id VARCHAR(128),"
                            + " content_type VARCHAR(128),"
                            + " content_encoding VARCHAR(128),"
                            + " ack VARCHAR(16) NOT NULL,"
                            + " properties VARCHAR(65536),"
                            + " body BLOB NOT NULL,"
                            + " PRIMARY KEY (device_id, sequence_number))",
                    "CREATE INDEX c2d_messages_expiry ON c2d_messages (expiry_ms)",
                    "CREATE INDEX c2d_messages_lock ON c2d_messages (locked_until_ms)",
                    "CREATE TABLE c2d_sequences ("
                            + " device_id VARCHAR(128) NOT NULL PRIMARY KEY,"
                            + " last_sequence_number BIGINT NOT NULL)",
                    "CREATE TABLE c2d_feedback ("
                            + " id BIGINT NOT NULL PRIMARY KEY,"
                            + " batch_id BIGINT,"
                            + " created_ms BIGINT NOT NULL,"
                            + " original_message_id VARCHAR(128),"
                            + " status VARCHAR(32) NOT NULL,"
                            + " description VARCHAR(256),"
                            + " device_id VARCHAR(128) NOT NULL,"
                            + " generation_id VARCHAR(64))",
                    "CREATE INDEX c2d_feedback_batch ON c2d_feedback (batch_id, id)",
                    "CREATE TABLE c2d_feedback_batches ("
                            + " id BIGINT NOT NULL PRIMARY KEY,"
                            + " created_ms BIGINT NOT NULL,"
                            + " lock_token VARCHAR(64),"
                            + " locked_until_ms BIGINT NOT NULL,"
                            + " delivery_count INTEGER NOT NULL)")));

    private C2dSchema() {
    }
}
