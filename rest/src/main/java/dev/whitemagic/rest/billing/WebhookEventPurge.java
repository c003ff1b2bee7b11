package dev.whitemagic.rest.billing;

import dev.whitemagic.persistence.webhook.WebhookEventRepository;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Forgets handled webhook events once {@code wm.whop.event-retention-days} (90) are over: a thin daily trigger around
 * one idempotent statement, safe to run on every node at once. Whop stops retrying long before, so a forgotten id is
 * never delivered again.
 */
@Singleton
public class WebhookEventPurge {

    static final String RETENTION_KEY = "wm.whop.event-retention-days";

    private static final Logger LOG = Logger.getLogger(WebhookEventPurge.class.getName());

    @Inject
    WebhookEventRepository events;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = RETENTION_KEY, defaultValue = "90")
    int retentionDays;

    /** For the container. */
    protected WebhookEventPurge() {
    }

    /** For tests in Java SE. */
    WebhookEventPurge(WebhookEventRepository events, Clock clock, int retentionDays) {
        this.events = events;
        this.clock = clock;
        this.retentionDays = retentionDays;
    }

    @Schedule(hour = "3", minute = "41", timezone = "UTC", persistent = false)
    void onSchedule() {
        if (retentionDays < 1) {
            LOG.severe(() -> RETENTION_KEY + " must be at least 1, was " + retentionDays + "; no event is purged");
            return;
        }
        try {
            purge();
        } catch (RuntimeException e) {
            // Nothing is lost: the next run deletes what this one did not.
            LOG.log(Level.WARNING, "purging webhook events failed ({0})", e.getClass().getName());
        }
    }

    /**
     * Deletes the events received before the retention period.
     *
     * @return how many were deleted
     * @throws IllegalStateException naming the key if the retention is below one day (nothing is deleted then)
     */
    public int purge() {
        if (retentionDays < 1) {
            throw new IllegalStateException(RETENTION_KEY + " must be at least 1, was " + retentionDays);
        }
        int removed = events.purgeReceivedBefore(clock.instant().minus(Duration.ofDays(retentionDays)));
        LOG.fine(() -> "purged " + removed + " webhook events older than " + retentionDays + " days");
        return removed;
    }
}
