package dev.whitemagic.persistence.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Probes the application's database: one short query that proves both that it answers and that
 * Liquibase has recorded its change sets.
 */
@ApplicationScoped
public class DatabaseHealth {

    /** The JNDI name of the application's data source (defined by the WAR's {@code web.xml}). */
    public static final String DATA_SOURCE = "java:app/jdbc/whitemagic";

    private static final int TIMEOUT_SECONDS = 2;

    @Resource(lookup = DATA_SOURCE)
    DataSource dataSource;

    /** What a probe saw. */
    public record Status(boolean up, int appliedChangeSets, String problem) {
    }

    public Status probe() {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            try (ResultSet rows = statement.executeQuery("select count(*) from databasechangelog")) {
                rows.next();
                int applied = rows.getInt(1);
                return applied > 0 ? new Status(true, applied, null) : new Status(false, 0, "no migrations applied");
            }
        } catch (SQLException e) {
            // The SQL state says enough; the message could carry connection details.
            return new Status(false, 0, "database unavailable (SQL state " + e.getSQLState() + ")");
        }
    }
}
