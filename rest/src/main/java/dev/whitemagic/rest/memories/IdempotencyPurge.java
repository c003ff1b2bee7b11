package dev.whitemagic.rest.memories;

import dev.whitemagic.persistence.idempotency.IdempotencyRepository;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * Removes idempotency entries once their 24 hours are over: a thin daily trigger around one idempotent
 * statement, safe to run on every node at once.
 */
@Singleton
public class IdempotencyPurge {

    private static final Logger LOG = Logger.getLogger(IdempotencyPurge.class.getName());

    @Inject
    IdempotencyRepository idempotency;

    @Inject
    Clock clock;

    @Schedule(hour = "3", minute = "17", timezone = "UTC", persistent = false)
    void purge() {
        int removed = idempotency.purgeOlderThan(clock.instant().minus(Memories.IDEMPOTENCY_WINDOW));
        LOG.fine(() -> "purged " + removed + " expired idempotency entries");
    }
}
