package dev.whitemagic.rest.http;

import dev.whitemagic.auth.ManagedConcurrency;
import dev.whitemagic.auth.cache.KeyInvalidations;
import dev.whitemagic.auth.usage.KeyUsageRecorder;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.quota.Plans;
import dev.whitemagic.quota.RequestLimiter;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Starts the application's background work once the web application is up, when its naming context
 * (and so every injected resource) is there: the cross-node key invalidation listener, the
 * periodic flush of key usage and the sweeper of rate-limit leases. Each stops itself when the application goes.
 */
@WebListener
public class BackgroundWork implements ServletContextListener {

    @Inject
    KeyInvalidations keyInvalidations;

    @Inject
    KeyUsageRecorder keyUsage;

    @Inject
    Plans plans;

    @Inject
    RequestLimiter limiter;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        // Reads and checks the plans' configuration now: a bad number stops the deployment with the key's name
        // instead of failing the first request.
        plans.of(PlanTier.FREE);
        limiter.startSweeping(ManagedConcurrency.scheduledExecutor());
        keyInvalidations.startListening();
        keyUsage.startFlushing();
    }
}
