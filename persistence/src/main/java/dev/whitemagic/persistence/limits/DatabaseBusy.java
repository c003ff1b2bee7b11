package dev.whitemagic.persistence.limits;

import jakarta.resource.ResourceException;
import jakarta.transaction.SystemException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * Recognises, anywhere in a chain of causes, a failure that says the database cannot serve right now rather than
 * that the request or the code is wrong: a statement cancelled by the statement timeout, a transaction undone because
 * it collided with another one, or no connection to be had (the pool's wait ran out, the database refuses, is
 * unreachable or stopped answering, and the transaction could not be finished). Such a request can be retried
 * shortly; the failure is not a bug.
 */
public enum DatabaseBusy {

    /** A statement ran longer than {@code wm.db.statement-timeout} and was cancelled (SQL state 57014). */
    STATEMENT_TIMEOUT,

    /**
     * The transaction was undone because it collided with a concurrent one: chosen as a deadlock's victim (SQL state
     * 40P01) or refused as not serializable (40001). Run again, it finds the other one finished.
     */
    CONFLICT,

    /** No connection within the pool's wait (3 s), or the database refuses connections. */
    NO_CONNECTION;

    /** The SQL state of a cancelled statement ({@code query_canceled}). */
    public static final String QUERY_CANCELED = "57014";

    /** The SQL state of a deadlock's victim ({@code deadlock_detected}). */
    public static final String DEADLOCK_DETECTED = "40P01";

    /** The SQL state of a transaction that could not be serialized ({@code serialization_failure}). */
    public static final String SERIALIZATION_FAILURE = "40001";

    /** The causes looked at, at most: a cycle in a chain must not loop forever. */
    private static final int MAX_DEPTH = 32;

    /** What {@code failure} or one of its causes says, or empty if none says the database is busy or away. */
    public static Optional<DatabaseBusy> of(Throwable failure) {
        DatabaseBusy found = null;
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < MAX_DEPTH; cause = cause.getCause(), depth++) {
            if (cause instanceof SQLException sql) {
                DatabaseBusy kind = ofSqlState(sql.getSQLState());
                if (kind == STATEMENT_TIMEOUT || kind == CONFLICT) {
                    return Optional.of(kind);
                }
                if (kind != null || sql instanceof SQLTransientConnectionException) {
                    found = NO_CONNECTION;
                }
            } else if (cause instanceof ResourceException) {
                // What a Jakarta Connectors pool (Payara's, WildFly's) raises when it has no connection to give.
                found = NO_CONNECTION;
            } else if (cause instanceof SystemException) {
                // The transaction manager could not finish with its one resource, the database (a connection lost
                // while the database hung). Whether the commit reached it is unknown: a retry with the same
                // Idempotency-Key is what helps, and is safe.
                found = NO_CONNECTION;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Whether {@code failure} says the database cannot be reached at all, rather than that it is busy: a connection
     * lost, refused or never established (SQL state class 08), the server shutting down (57P), or the driver giving up
     * on its socket. A pool with no free connection or a cancelled statement is busy, not unreachable: the database
     * still answers others.
     */
    public static boolean unreachable(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < MAX_DEPTH; cause = cause.getCause(), depth++) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (cause instanceof SocketTimeoutException || cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static DatabaseBusy ofSqlState(String state) {
        if (state == null) {
            return null;
        }
        if (QUERY_CANCELED.equals(state)) {
            return STATEMENT_TIMEOUT;
        }
        if (DEADLOCK_DETECTED.equals(state) || SERIALIZATION_FAILURE.equals(state)) {
            return CONFLICT;
        }
        // 08: connection exceptions; 53300: too many connections; 57P01-57P03: shutdown or not accepting connections
        if (state.startsWith("08") || state.equals("53300") || state.startsWith("57P")) {
            return NO_CONNECTION;
        }
        return null;
    }
}
