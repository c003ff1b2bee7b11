package dev.whitemagic.dist.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Checks that an external database answers before Payara Micro starts, so that a wrong URL, user or
 * password is reported in one line instead of a failed deployment.
 */
final class DatabaseProbe {

    private static final int LOGIN_TIMEOUT_SECONDS = 5;

    private DatabaseProbe() {
    }

    /**
     * Connects until the database answers; refused connections and a database that is still starting
     * are retried until {@code deadlineNanos}, anything else (authentication, unknown database) fails at once.
     */
    static void awaitReachable(ServerSettings settings, long deadlineNanos) {
        try {
            DriverManager.getDriver(settings.dbUrl());
        } catch (SQLException e) {
            // said without the URL itself, which may carry a password
            throw new StartupFailure("WM_DB_URL is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        Properties properties = new Properties();
        if (settings.dbUser() != null) {
            properties.setProperty("user", settings.dbUser());
        }
        if (settings.dbPassword() != null) {
            properties.setProperty("password", settings.dbPassword());
        }
        properties.setProperty("loginTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
        properties.setProperty("connectTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
        while (true) {
            try (Connection connection = DriverManager.getConnection(settings.dbUrl(), properties)) {
                connection.isValid(LOGIN_TIMEOUT_SECONDS);
                return;
            } catch (SQLException e) {
                if (!worthRetrying(e) || System.nanoTime() > deadlineNanos) {
                    throw new StartupFailure("cannot connect to the database " + settings.printableDbUrl()
                            + (settings.dbUser() == null ? "" : " as " + settings.dbUser()) + ": " + e.getMessage());
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupFailure("interrupted while waiting for the database");
            }
        }
    }

    /** Connection failures (SQLState class 08) and "the database system is starting up" (57P03). */
    private static boolean worthRetrying(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P03"));
    }
}
