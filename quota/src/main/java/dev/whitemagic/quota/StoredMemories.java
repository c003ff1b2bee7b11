package dev.whitemagic.quota;

import dev.whitemagic.persistence.metrics.Metrics;
import dev.whitemagic.persistence.quota.StorageCounters;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes the memories kept by all users (archived ones included) as the gauge {@code wm_memories_stored}. A
 * scrape only reads a number: the sum of the quota counters is asked every 30 seconds (one scan of the quotas table),
 * so the gauge is at most that old. Every node reports the same total.
 */
@Singleton
@Startup
// A read needs no transaction, and without one a failed query cannot doom anything (the deployment included).
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StoredMemories {

    private static final Logger LOG = Logger.getLogger(StoredMemories.class.getName());

    static final String GAUGE = "wm_memories_stored";

    private final AtomicLong stored = new AtomicLong();

    @Inject
    StorageCounters counters;

    @Inject
    Metrics metrics;

    /** For the container, which needs a public constructor without parameters on a session bean. */
    public StoredMemories() {
    }

    /** For tests outside a container. */
    StoredMemories(StorageCounters counters, Metrics metrics) {
        this.counters = counters;
        this.metrics = metrics;
    }

    @PostConstruct
    void register() {
        metrics.gauge(GAUGE, "Memories kept by all users, archived ones included (quota counters, refreshed every 30 s)",
                stored::get);
        refresh();
    }

    /** A thin trigger; a failed query keeps the last value and is tried again on the next tick. */
    @Schedule(hour = "*", minute = "*", second = "*/30", timezone = "UTC", persistent = false)
    void refresh() {
        try {
            stored.set(counters.totalMemories());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not count the memories stored ({0}); the gauge keeps its last value",
                    e.getClass().getName());
        }
    }
}
