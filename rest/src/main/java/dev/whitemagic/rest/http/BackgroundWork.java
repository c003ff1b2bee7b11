package dev.whitemagic.rest.http;

import dev.whitemagic.auth.ManagedConcurrency;
import dev.whitemagic.auth.cache.KeyInvalidations;
import dev.whitemagic.auth.usage.KeyUsageRecorder;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.persistence.PersistenceConfig;
import dev.whitemagic.persistence.embedding.EmbeddingWorker;
import dev.whitemagic.persistence.health.DatabaseOutage;
import dev.whitemagic.persistence.metrics.Metrics;
import dev.whitemagic.quota.Plans;
import dev.whitemagic.quota.RequestLimiter;
import dev.whitemagic.quota.StorageQuota;
import dev.whitemagic.quota.UsageRecorder;
import dev.whitemagic.rest.health.ShutdownState;
import dev.whitemagic.rest.memories.MemoryAccesses;
import dev.whitemagic.rest.security.ApiKeyAuthenticationMechanism;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Starts the application's background work once the web application is up, when its naming context
 * (and so every injected resource) is there: the cross-node key invalidation listener, the
 * periodic flush of key usage, that of the usage records, that of memory reads ({@code accessed_at}) and the sweeper
 * of rate-limit leases. Each stops itself
 * when the application goes; the usage records, the key usage and the unused rate-limit leases are written one last
 * time when the web application stops, the last moment its data source still works (by the time of an
 * {@code @BeforeDestroyed(ApplicationScoped.class)} observer, Payara has removed the pool). Before that, readiness
 * has turned DOWN (at the JVM's shutdown, or earlier through {@link ShutdownState}'s signal file) and the requests in
 * flight have finished.
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
    StorageQuota storageQuota;

    @Inject
    MemoryAccesses memoryAccesses;

    @Inject
    ApiKeyAuthenticationMechanism authentication;

    @Inject
    DatabaseOutage databaseOutage;

    @Inject
    PersistenceConfig persistenceConfig;

    @Inject
    EmbeddingWorker embeddingWorker;

    @Inject
    Metrics metrics;

    /** How long a stopping application waits for the requests it is serving before it flushes. */
    static final Duration REQUEST_DRAIN = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(BackgroundWork.class.getName());

    @Inject
    ShutdownState shutdown;

    @Inject
    InFlightRequests.Counter requests;

    /** Turns readiness DOWN the moment the JVM is told to stop, before Payara starts undeploying. */
    private Thread shutdownHook;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        shutdownHook = new Thread(() -> {
            try {
                shutdown.begin("the JVM is shutting down");
            } catch (RuntimeException e) {
                // the application is already gone (its contexts destroyed): nothing left to mark
            }
        }, "whitemagic-readiness-down");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        // Reads and checks the plans' configuration now: a bad number stops the deployment with the key's name
        // instead of failing the first request.
        plans.of(PlanTier.FREE);
        limiter.registerRefusalCounters();
        storageQuota.registerRefusalCounters();
        authentication.registerAttemptCounters();
        // Its metrics exist from the start, at 0, like the other counters'.
        databaseOutage.ongoing();
        limiter.startSweeping(ManagedConcurrency.scheduledExecutor());
        keyInvalidations.startListening();
        keyUsage.startFlushing(ManagedConcurrency.scheduledExecutor());
        usageRecords.startFlushing(ManagedConcurrency.scheduledExecutor());
        memoryAccesses.startFlushing(ManagedConcurrency.scheduledExecutor());
        if (persistenceConfig.embeddingsEnabled()) {
            // The worker's thread loads the model first: readiness does not wait for it, and searches find by
            // keyword until it is loaded.
            embeddingWorker.start(ManagedConcurrency.threadFactory(), metrics);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        shutdown.begin("the web application is stopping");
        embeddingWorker.stop();
        removeShutdownHook();
        awaitRequestsInFlight();
        limiter.giveEverythingBack();
        usageRecords.drain();
        keyUsage.drain();
        memoryAccesses.drain();
    }

    /** The requests being served still finish (and are metered) before the buffers are written for the last time. */
    private void awaitRequestsInFlight() {
        try {
            int left = requests.awaitNone(REQUEST_DRAIN);
            if (left > 0) {
                LOG.warning(() -> left + " requests were still in flight after " + REQUEST_DRAIN.toSeconds()
                        + " s of shutdown; flushing without them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An undeployment without the JVM ending leaves no hook behind; during the JVM's shutdown it cannot be removed. */
    private void removeShutdownHook() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook has run or runs now
            }
            shutdownHook = null;
        }
    }
}
