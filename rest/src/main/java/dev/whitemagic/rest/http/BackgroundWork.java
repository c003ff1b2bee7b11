package dev.whitemagic.rest.http;

import dev.whitemagic.auth.ManagedConcurrency;
import dev.whitemagic.auth.cache.KeyInvalidations;
import dev.whitemagic.auth.usage.KeyUsageRecorder;
import dev.whitemagic.quota.UsageRecorder;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Starts the application's background work once the web application is up, when its naming context
 * (and so every injected resource) is there: the cross-node key invalidation listener, the
 * periodic flush of key usage and that of the usage records. Each stops itself when the application goes;
 * the usage records and the key usage are written one last time when the web application stops, the last
 * moment its data source still works.
 */
@WebListener
public class BackgroundWork implements ServletContextListener {

    @Inject
    KeyInvalidations keyInvalidations;

    @Inject
    KeyUsageRecorder keyUsage;

    @Inject
    UsageRecorder usageRecords;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        keyInvalidations.startListening();
        keyUsage.startFlushing();
        usageRecords.startFlushing(ManagedConcurrency.scheduledExecutor());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        usageRecords.drain();
        // Its own @BeforeDestroyed flush comes too late: the data source's pool is gone by then.
        keyUsage.flush();
    }
}
