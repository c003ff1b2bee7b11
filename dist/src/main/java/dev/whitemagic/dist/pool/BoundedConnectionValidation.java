package dev.whitemagic.dist.pool;

import java.sql.Connection;
import java.sql.SQLException;
import org.glassfish.api.jdbc.ConnectionValidation;

/**
 * Checks that a pooled connection still reaches a live database before the pool hands it out, and gives up after
 * {@link #BOUND_SECONDS}.
 *
 * <p>Payara's own PostgreSQL validation sends {@code SELECT 1} with no bound of its own: when the database stops
 * answering (frozen, partitioned away) it waits for the driver's socket timeout, and then the pool goes on to open a
 * new connection within the same checkout, so a request waited both. {@link Connection#isValid(int)} bounds the
 * round trip itself (PgJDBC lowers the socket's read timeout for it and sends an empty query), so a dead database
 * costs a checkout one second here, and the login bound after it.
 *
 * <p>GlassFish's interface, which this compiles against, names {@code isConnectionValid(Connection)}; Payara's copy,
 * which it runs against, names {@code isConnectionValid(Connection, int)} with the pool's statement timeout. Both are
 * implemented, the same way; the timeout is ignored because the bound here must be short whatever statements may
 * take.
 */
public final class BoundedConnectionValidation implements ConnectionValidation {

    /** How long the validation round trip may take; a live database on any sane network answers well within it. */
    static final int BOUND_SECONDS = 1;

    /** The pool creates an instance by reflection for each validation. */
    public BoundedConnectionValidation() {
    }

    @Override
    public boolean isConnectionValid(Connection connection) throws SQLException {
        return connection != null && connection.isValid(BOUND_SECONDS);
    }

    /**
     * The signature Payara calls.
     *
     * @param connection the physical connection to check
     * @param statementTimeout the pool's statement timeout, not used
     * @return whether the database answered within the bound
     * @throws SQLException never in practice: the driver reports a failed check as {@code false}
     */
    public boolean isConnectionValid(Connection connection, int statementTimeout) throws SQLException {
        return isConnectionValid(connection);
    }
}
