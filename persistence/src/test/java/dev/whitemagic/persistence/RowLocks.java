package dev.whitemagic.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Row locks on memories held and probed from connections of the test's own, to see another session's lock order. */
public final class RowLocks {

    /** PostgreSQL's SQL state for a lock that NOWAIT could not take. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private RowLocks() {
    }

    /** A transaction holding one memory's row lock; closing it rolls back, which releases the lock. */
    public static final class Held implements AutoCloseable {
        private final Connection connection;

        private Held(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void close() throws SQLException {
            try (connection) {
                connection.rollback();
            }
        }
    }

    /** Locks the memory's row in a transaction of its own, until the result is closed. */
    public static Held hold(DataSource dataSource, UUID memoryId) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            lock(connection, memoryId, "");
            return new Held(connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Whether the memory's row could be locked at once, that is, no other transaction holds it. */
    public static boolean free(DataSource dataSource, UUID memoryId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            lock(connection, memoryId, " NOWAIT");
            return true;
        } catch (SQLException e) {
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** Waits until a session of the database waits for a lock, at most 10 s. */
    public static void awaitWaiter(DataSource dataSource) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!TestDatabase.query(dataSource, "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock'").isEmpty()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no session waited for a lock within 10 s");
    }

    /** The two ids in PostgreSQL's order of uuids, which is not {@link UUID#compareTo}'s. */
    public static List<UUID> inDatabaseOrder(DataSource dataSource, UUID one, UUID other) {
        return TestDatabase.query(dataSource, "SELECT id FROM (VALUES (CAST(? AS uuid)), (CAST(? AS uuid))) AS v (id)"
                + " ORDER BY id", one, other).stream().map(row -> (UUID) row.get("id")).toList();
    }

    private static void lock(Connection connection, UUID memoryId, String nowait) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM memories WHERE id = ? FOR UPDATE" + nowait)) {
            statement.setObject(1, memoryId);
            statement.executeQuery().close();
        }
    }
}
