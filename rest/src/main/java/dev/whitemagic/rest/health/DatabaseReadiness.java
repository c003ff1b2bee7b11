package dev.whitemagic.rest.health;

import dev.whitemagic.persistence.health.DatabaseHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means the database answers and the schema migrations have run, and the node is not shutting down.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Inject
    DatabaseHealth database;

    @Inject
    ShutdownState shutdown;

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
