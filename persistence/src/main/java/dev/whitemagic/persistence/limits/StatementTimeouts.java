package dev.whitemagic.persistence.limits;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lifts the statement timeout ({@code wm.db.statement-timeout}, set on every pooled connection) for work that is long
 * on purpose: migrations, the daily resets and purges, consolidation. A pooled connection must never go back to the
 * pool without its timeout, so the timeout is lifted either for one transaction ({@code SET LOCAL}, undone by its
 * commit or rollback) or for a block of autocommit work that restores it ({@code RESET}: back to the value the
 * connection was opened with).
 */
public final class StatementTimeouts {

    private static final Logger LOG = Logger.getLogger(StatementTimeouts.class.getName());

    private StatementTimeouts() {
    }

    /** A lifted timeout; closing it restores the connection's own. */
    public interface Lifted extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Lifts the timeout on this connection until the returned handle is closed (use try-with-resources, before the
     * connection is closed).
     */
    public static Lifted lift(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET statement_timeout = 0");
        }
        return () -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("RESET statement_timeout");
            } catch (SQLException e) {
                // A connection that cannot run RESET is broken: the pool's validation drops it.
                LOG.log(Level.WARNING, "could not restore the statement timeout (SQL state {0})", e.getSQLState());
            }
        };
    }

    /** Lifts the timeout for the rest of the current transaction of {@code entityManager}. */
    public static void liftForTransaction(EntityManager entityManager) {
        entityManager.createNativeQuery("SELECT set_config('statement_timeout', '0', true)").getSingleResult();
    }
}
