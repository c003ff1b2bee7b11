package dev.whitemagic.persistence.limits;

import jakarta.persistence.EntityManager;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.hibernate.Session;

/**
 * Lifts the statement timeout ({@code wm.db.statement-timeout}, set on every pooled connection) and the driver's own
 * bound on waiting for an answer ({@code wm.db.socket-timeout-seconds}) for work that is long on purpose: migrations, the daily resets and purges, consolidation. A pooled connection must never go back to the
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
        int networkTimeout = connection.getNetworkTimeout();
        connection.setNetworkTimeout(Runnable::run, 0);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET statement_timeout = 0");
        }
        return () -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("RESET statement_timeout");
                connection.setNetworkTimeout(Runnable::run, networkTimeout);
            } catch (SQLException e) {
                // A connection that cannot run RESET is broken: the pool's validation drops it.
                LOG.log(Level.WARNING, "could not restore the statement timeout (SQL state {0})", e.getSQLState());
            }
        };
    }

    /**
     * Lifts the timeout for the rest of the current transaction of {@code entityManager}, and the driver's wait for
     * an answer on its connection (restored before the transaction completes, so its commit is bounded again).
     */
    public static void liftForTransaction(EntityManager entityManager) {
        entityManager.createNativeQuery("SELECT set_config('statement_timeout', '0', true)").getSingleResult();
        TransactionSynchronizationRegistry registry = registry();
        if (registry == null) {
            return; // outside a container: no network timeout was set on these connections
        }
        Session session = entityManager.unwrap(Session.class);
        int[] previous = {0};
        session.doWork(connection -> {
            previous[0] = connection.getNetworkTimeout();
            connection.setNetworkTimeout(Runnable::run, 0);
        });
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                session.doWork(connection -> connection.setNetworkTimeout(Runnable::run, previous[0]));
            }

            @Override
            public void afterCompletion(int status) {
                // restored before the commit
            }
        });
    }

    private static TransactionSynchronizationRegistry registry() {
        try {
            return (TransactionSynchronizationRegistry) new InitialContext()
                    .lookup("java:comp/TransactionSynchronizationRegistry");
        } catch (NamingException e) {
            return null;
        }
    }
}
