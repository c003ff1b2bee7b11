package dev.whitemagic.rest.http;

import dev.whitemagic.auth.cache.KeyInvalidations;
import dev.whitemagic.auth.usage.KeyUsageRecorder;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.quota.Plans;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Starts the application's background work once the web application is up, when its naming context
 * (and so every injected resource) is there: the cross-node key invalidation listener and the
 * periodic flush of key usage. Both stop themselves when the application goes.
 */
@WebListener
public class BackgroundWork implements ServletContextListener {

    @Inject
    KeyInvalidations keyInvalidations;

    @Inject
    KeyUsageRecorder keyUsage;

    @Inject
    Plans plans;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        // Reads and checks the plans' configuration now: a bad number stops the deployment with the key's name
        // instead of failing the first request.
        plans.of(PlanTier.FREE);
        keyInvalidations.startListening();
        keyUsage.startFlushing();
    }
}
