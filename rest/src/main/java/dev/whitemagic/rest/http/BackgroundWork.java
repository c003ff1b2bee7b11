package dev.whitemagic.rest.http;

import dev.whitemagic.auth.ManagedConcurrency;
import dev.whitemagic.auth.cache.KeyInvalidations;
import dev.whitemagic.auth.usage.KeyUsageRecorder;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.quota.Plans;
import dev.whitemagic.quota.RequestLimiter;
import dev.whitemagic.quota.UsageRecorder;
import dev.whitemagic.rest.memories.MemoryAccesses;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Starts the application's background work once the web application is up, when its naming context
 * (and so every injected resource) is there: the cross-node key invalidation listener, the
 * periodic flush of key usage, that of the usage records, that of memory reads ({@code accessed_at}) and the sweeper
 * of rate-limit leases. Each stops itself
 * when the application goes; the usage records, the key usage and the unused rate-limit leases are written one last
 * time when the web application stops, the last moment its data source still works (by the time of an
 * {@code @BeforeDestroyed(ApplicationScoped.class)} observer, Payara has removed the pool).
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

    @Inject
    UsageRecorder usageRecords;

    @Inject
    MemoryAccesses memoryAccesses;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        // Reads and checks the plans' configuration now: a bad number stops the deployment with the key's name
        // instead of failing the first request.
        plans.of(PlanTier.FREE);
        limiter.startSweeping(ManagedConcurrency.scheduledExecutor());
        keyInvalidations.startListening();
        keyUsage.startFlushing();
        usageRecords.startFlushing(ManagedConcurrency.scheduledExecutor());
        memoryAccesses.startFlushing(ManagedConcurrency.scheduledExecutor());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        limiter.giveEverythingBack();
        usageRecords.drain();
        // Its own @BeforeDestroyed flush comes too late: the data source's pool is gone by then.
        keyUsage.flush();
        memoryAccesses.drain();
    }
}
