package io.roost.store.c2d;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactions of the C2D store's connection (auto-commit off): outside a batch each call is its
 * own transaction, committed before it returns; inside a batch (group commit) calls only add to the
 * batch's transaction, one savepoint per operation, and {@link #commitBatch()} commits them all at
 * once. Uses JDBC savepoints ({@code SAVEPOINT}, {@code RELEASE}, {@code ROLLBACK TO}), which
 * SQLite and PostgreSQL both have.
 *
 * <p>Not thread-safe: confined to the C2D store thread, like its store.
 */
final class C2dTransactions {

    private static final Logger LOG = LoggerFactory.getLogger(C2dTransactions.class);

    /** One call's SQL. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    private final Connection connection;
    private boolean inBatch;
    private Savepoint operation;

    C2dTransactions(Connection connection) {
        this.connection = connection;
    }

    /**
     * Runs one store call: committed before it returns outside a batch, left to the batch inside one.
     *
     * @throws RoostException UNAVAILABLE when the SQL fails; outside a batch the call is rolled back
     */
    <T> T run(String call, Work<T> work) {
        try {
            T result = work.run();
            if (!inBatch) {
                connection.commit();
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            if (!inBatch) {
                rollbackQuietly(e);
            }
            LOG.error("C2D store {} failed", call, e);
            throw new RoostException(Status.UNAVAILABLE, "the C2D store failed", e);
        }
    }

    void beginBatch() {
        if (inBatch) {
            throw new IllegalStateException("a C2D store batch is open already");
        }
        inBatch = true;
    }

    void beginOperation() {
        requireBatch();
        sql(() -> operation = connection.setSavepoint());
    }

    void endOperation() {
        requireBatch();
        sql(() -> {
            connection.releaseSavepoint(operation);
            operation = null;
        });
    }

    void undoOperation() {
        requireBatch();
        sql(() -> {
            // ROLLBACK TO keeps the savepoint open; release it so savepoints do not nest batch-long.
            connection.rollback(operation);
            connection.releaseSavepoint(operation);
            operation = null;
        });
    }

    void commitBatch() {
        requireBatch();
        try {
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly(e);
            throw new RoostException(Status.UNAVAILABLE, "the C2D store failed to commit", e);
        } finally {
            inBatch = false;
            operation = null;
        }
    }

    void rollbackBatch() {
        inBatch = false;
        operation = null;
        sql(connection::rollback);
    }

    private void requireBatch() {
        if (!inBatch) {
            throw new IllegalStateException("no C2D store batch is open");
        }
    }

    /** One step of batch bookkeeping. */
    @FunctionalInterface
    private interface Step {
        void run() throws SQLException;
    }

    private void sql(Step step) {
        try {
            step.run();
        } catch (SQLException e) {
            throw new RoostException(Status.UNAVAILABLE, "the C2D store failed", e);
        }
    }

    private void rollbackQuietly(Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollback) {
            cause.addSuppressed(rollback);
        }
    }
}
