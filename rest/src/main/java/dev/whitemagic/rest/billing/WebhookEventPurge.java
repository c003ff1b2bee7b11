package dev.whitemagic.rest.billing;

import dev.whitemagic.persistence.webhook.WebhookEventRepository;
import dev.whitemagic.rest.RestConfig;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Forgets handled webhook events once {@code wm.whop.event-retention-days} (90) are over: a thin daily trigger around
 * one idempotent statement, safe to run on every node at once. Whop stops retrying long before, so a forgotten id is
 * never delivered again.
 */
@Singleton
public class WebhookEventPurge {


    private static final Logger LOG = Logger.getLogger(WebhookEventPurge.class.getName());

    @Inject
    WebhookEventRepository events;

    @Inject
    Clock clock;

    @Inject
    RestConfig config;

    Duration retention;

    /** For the container. */
    protected WebhookEventPurge() {
    }

    @PostConstruct
    void configure() {
        retention = config.whopEventRetention();
    }

    /** For tests in Java SE. */
    WebhookEventPurge(WebhookEventRepository events, Clock clock, int retentionDays) {
        this.events = events;
        this.clock = clock;
        this.retention = Duration.ofDays(retentionDays);
    }

    @Schedule(hour = "3", minute = "41", timezone = "UTC", persistent = false)
    void onSchedule() {
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
     */
    public int purge() {
        int removed = events.purgeReceivedBefore(clock.instant().minus(retention));
        LOG.fine(() -> "purged " + removed + " webhook events older than " + retention.toDays() + " days");
        return removed;
    }
}
