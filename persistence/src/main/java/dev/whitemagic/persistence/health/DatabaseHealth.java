package dev.whitemagic.persistence.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;

/**
 * Probes the application's database through its persistence unit: one short query that proves the
 * unit was built (so Liquibase ran and Hibernate validated the mapping), that the database answers,
 * and that the migrations are recorded.
 */
@ApplicationScoped
public class DatabaseHealth {

    private static final int TIMEOUT_MILLIS = 2000;

    // Referencing the unit also makes Payara build it while the WAR deploys; it only builds the units
    // of library jars that something injects.
    @PersistenceContext(unitName = "whitemagic")
    EntityManager entityManager;

    /** What a probe saw. */
    public record Status(boolean up, int appliedChangeSets, String problem) {
    }

    public Status probe() {
        try {
            Number applied = (Number) entityManager
                    .createNativeQuery("select count(*) from databasechangelog")
                    .setHint("jakarta.persistence.query.timeout", TIMEOUT_MILLIS)
                    .getSingleResult();
            int count = applied.intValue();
            return count > 0 ? new Status(true, count, null) : new Status(false, 0, "no migrations applied");
        } catch (PersistenceException e) {
            // The SQL state says enough; the message could carry SQL or connection details.
            return new Status(false, 0, "database unavailable" + sqlState(e));
        }
    }

    private static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return " (SQL state " + sql.getSQLState() + ")";
            }
        }
        return "";
    }
}
