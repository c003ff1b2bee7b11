package dev.whitemagic.persistence.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

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

    /** Runs the query, so that a probe can stop waiting for it. */
    @Resource
    ManagedExecutorService executor;

    private final AtomicReference<CompletableFuture<Status>> inFlight = new AtomicReference<>();

    /** What a probe saw. */
    public record Status(boolean up, int appliedChangeSets, String problem) {
    }

    /**
     * The probe, answered within {@value #TIMEOUT_MILLIS} ms whatever the database does: a database that does not
     * answer is DOWN then, while the query itself waits out the driver's socket timeout in the background. At most
     * one query is in flight: a probe that comes while one waits waits for that one, as long.
     */
    public Status probe() {
        if (executor == null) {
            return query();
        }
        CompletableFuture<Status> running = inFlight.get();
        if (running == null) {
            CompletableFuture<Status> started = new CompletableFuture<>();
            if (inFlight.compareAndSet(null, started)) {
                try {
                    executor.execute(() -> {
                        try {
                            started.complete(query());
                        } catch (RuntimeException e) {
                            started.complete(new Status(false, 0, "database unavailable"));
                        } finally {
                            inFlight.compareAndSet(started, null);
                        }
                    });
                } catch (RuntimeException rejected) {
                    inFlight.compareAndSet(started, null);
                    return query();
                }
                running = started;
            } else {
                running = inFlight.get();
            }
        }
        if (running == null) {
            return new Status(false, 0, "database probe busy");
        }
        try {
            return running.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Status(false, 0, "database does not answer within " + TIMEOUT_MILLIS + " ms");
        } catch (ExecutionException e) {
            return new Status(false, 0, "database unavailable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Status(false, 0, "interrupted");
        }
    }

    private Status query() {
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
