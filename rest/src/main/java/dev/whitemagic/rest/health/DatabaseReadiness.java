package dev.whitemagic.rest.health;

import dev.whitemagic.persistence.health.DatabaseHealth;
import dev.whitemagic.persistence.health.DatabaseOutage;
import dev.whitemagic.persistence.metrics.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means the database answers and the schema migrations have run, and the node is not shutting down.
 * <p>
 * {@code wm_ready} in {@code /metrics} says the same without asking the database, so that a scrape never waits on
 * it: 0 while the node is shutting down or knows its database cannot be reached (an outage, which requests and its
 * own probing find out within a second), else 1. Alerting on it needs no probe of {@code /health/ready} of its own.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Inject
    DatabaseHealth database;

    @Inject
    ShutdownState shutdown;

    @Inject
    DatabaseOutage outage;

    @Inject
    Metrics metrics;

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        metrics.gauge("wm_ready", "1 while this node is ready for requests, 0 while it is shutting down or its"
                + " database cannot be reached", () -> shutdown.shuttingDown() || outage.ongoing() ? 0 : 1);
    }

    @Override
    public HealthCheckResponse call() {
        if (shutdown.shuttingDown()) {
            // Out of rotation first: requests already here still finish, new ones should go to another node.
            return HealthCheckResponse.named("database").down().withData("shutting_down", true).build();
        }
        DatabaseHealth.Status status = database.probe();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database")
                .status(status.up())
                .withData("applied_change_sets", status.appliedChangeSets());
        if (status.problem() != null) {
            response.withData("problem", status.problem());
        }
        return response.build();
    }
}
