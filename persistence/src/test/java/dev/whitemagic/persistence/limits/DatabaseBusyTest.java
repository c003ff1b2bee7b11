package dev.whitemagic.persistence.limits;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import jakarta.resource.ResourceException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.LockAcquisitionException;
import org.junit.jupiter.api.Test;

class DatabaseBusyTest {

    @Test
    void cancelledStatement_deepInAChain_isAStatementTimeout() {
        SQLException cancelled = new SQLException("ERROR: canceling statement due to statement timeout", "57014");
        Throwable chain = new RuntimeException(new PersistenceException(
                new GenericJDBCException("could not execute query", cancelled)));

        assertThat(DatabaseBusy.of(chain)).contains(DatabaseBusy.STATEMENT_TIMEOUT);
    }

    @Test
    void poolWithoutAConnection_isNoConnection() {
        // What Payara's pool raises from getConnection once max-wait-time-in-millis is over.
        SQLException fromPool = new SQLException("Error in allocating a connection",
                new ResourceException("In-use connections equal max-pool-size and expired max-wait-time"));
        Throwable chain = new PersistenceException(new GenericJDBCException("Unable to acquire JDBC Connection",
                fromPool));

        assertThat(DatabaseBusy.of(chain)).contains(DatabaseBusy.NO_CONNECTION);
    }

    @Test
    void refusedOrLostConnections_areNoConnection() {
        assertThat(DatabaseBusy.of(new SQLException("Connection refused", "08001"))).contains(DatabaseBusy.NO_CONNECTION);
        assertThat(DatabaseBusy.of(new SQLException("too many clients", "53300"))).contains(DatabaseBusy.NO_CONNECTION);
        assertThat(DatabaseBusy.of(new SQLException("terminating connection", "57P01")))
                .contains(DatabaseBusy.NO_CONNECTION);
        assertThat(DatabaseBusy.of(new SQLTransientConnectionException("timeout"))).contains(DatabaseBusy.NO_CONNECTION);
    }

    @Test
    void deadlockVictimOrSerializationFailure_deepInAChain_isAConflict() {
        // Hibernate wraps a deadlock's victim in a LockAcquisitionException, which JPA sees as a lock failure.
        Throwable deadlock = new PersistenceException(new LockAcquisitionException(
                "could not execute statement", new SQLException("ERROR: deadlock detected", "40P01")));

        assertThat(DatabaseBusy.of(deadlock)).contains(DatabaseBusy.CONFLICT);
        assertThat(DatabaseBusy.of(new SQLException("could not serialize access", "40001")))
                .contains(DatabaseBusy.CONFLICT);
        assertThat(DatabaseBusy.of(new ResourceException("wrapped", new SQLException("deadlock", "40P01"))))
                .contains(DatabaseBusy.CONFLICT);
        assertThat(DatabaseBusy.unreachable(deadlock)).isFalse();
    }

    @Test
    void timeoutWinsOverTheConnectionItCameThrough() {
        Throwable chain = new ResourceException("wrapped", new SQLException("cancelled", "57014"));

        assertThat(DatabaseBusy.of(chain)).contains(DatabaseBusy.STATEMENT_TIMEOUT);
    }

    @Test
    void otherFailures_areNotBusy() {
        assertThat(DatabaseBusy.of(new SQLException("duplicate key", "23505"))).isEmpty();
        assertThat(DatabaseBusy.of(new SQLException("relation does not exist", "42P01"))).isEmpty();
        assertThat(DatabaseBusy.of(new SQLException("no state"))).isEmpty();
        assertThat(DatabaseBusy.of(new IllegalStateException("bug"))).isEmpty();
        assertThat(DatabaseBusy.of(null)).isEmpty();
    }

    @Test
    void lostRefusedOrTimedOutConnections_sayTheDatabaseIsUnreachable() {
        // PgJDBC when its socket timeout ran out while the database did not answer
        SQLException lost = new SQLException("An I/O error occurred while sending to the backend.", "08006",
                new java.net.SocketTimeoutException("Read timed out"));
        assertThat(DatabaseBusy.unreachable(new PersistenceException(new GenericJDBCException("x", lost)))).isTrue();
        // Payara's pool when a new connection's login timed out
        assertThat(DatabaseBusy.unreachable(new ResourceException(new SQLException("Connection attempt timed out.",
                "08001")))).isTrue();
        assertThat(DatabaseBusy.unreachable(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(DatabaseBusy.unreachable(new RuntimeException(new java.net.ConnectException("refused")))).isTrue();
    }

    @Test
    void aBusyDatabase_isNotUnreachable() {
        assertThat(DatabaseBusy.unreachable(new SQLException("canceling statement", "57014"))).isFalse();
        assertThat(DatabaseBusy.unreachable(new SQLException("too many clients", "53300"))).isFalse();
        assertThat(DatabaseBusy.unreachable(new SQLException("Error in allocating a connection",
                new ResourceException("In-use connections equal max-pool-size and expired max-wait-time")))).isFalse();
        assertThat(DatabaseBusy.unreachable(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(DatabaseBusy.unreachable(null)).isFalse();
    }
}
