package dev.whitemagic.persistence.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.persistence.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Against PostgreSQL, with the timeout set the way the application's data source sets it (PgJDBC's {@code options}
 * at connection time): a slow statement is cancelled with SQL state 57014, and a lifted timeout is back to the
 * connection's own once the lift is closed, so a pooled connection never keeps it lifted.
 */
class StatementTimeoutsIT {

    private final PGSimpleDataSource timed = new PGSimpleDataSource();

    @BeforeEach
    void connectWithATimeout() throws SQLException {
        try (Connection plain = TestDatabase.dataSource().getConnection()) {
            timed.setURL(plain.getMetaData().getURL());
            timed.setUser(plain.getMetaData().getUserName());
        }
        timed.setOptions("-c statement_timeout=200ms");
    }

    @Test
    void slowStatement_isCancelled_andRecognisedAsAStatementTimeout() throws SQLException {
        try (Connection connection = timed.getConnection(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("SELECT pg_sleep(1)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo(DatabaseBusy.QUERY_CANCELED);
                        assertThat(DatabaseBusy.of(e)).contains(DatabaseBusy.STATEMENT_TIMEOUT);
                    });
        }
    }

    @Test
    void lift_letsASlowStatementRun_thenRestoresTheConnectionsTimeout() throws SQLException {
        try (Connection connection = timed.getConnection()) {
            try (StatementTimeouts.Lifted unbounded = StatementTimeouts.lift(connection);
                 Statement statement = connection.createStatement()) {
                assertThat(timeout(connection)).isEqualTo("0");
                statement.execute("SELECT pg_sleep(0.5)");
            }
            assertThat(timeout(connection)).isEqualTo("200ms");
        }
    }

    @Test
    void liftForATransaction_endsWithIt() throws SQLException {
        try (Connection connection = timed.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SELECT set_config('statement_timeout', '0', true)");
            statement.execute("SELECT pg_sleep(0.5)");
            connection.commit();
            connection.setAutoCommit(true);
            assertThat(timeout(connection)).isEqualTo("200ms");
        }
    }

    private static String timeout(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SHOW statement_timeout")) {
            row.next();
            return row.getString(1);
        }
    }
}
