package dev.whitemagic.quota;

import dev.whitemagic.domain.plan.RateWindow;
import dev.whitemagic.domain.quota.Quota;
import dev.whitemagic.persistence.quota.QuotaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a user's {@link AccountUsage}: one read of the {@code quotas} row, less what this node's rate-limit lease
 * has counted in advance (so a user on one node sees exactly the requests made).
 */
@ApplicationScoped
public class AccountUsages {

    @Inject
    QuotaRepository quotas;

    @Inject
    Plans plans;

    @Inject
    Clock clock;

    @Inject
    RequestLimiter limiter;

    /** For CDI: the collaborators arrive by field injection. */
    protected AccountUsages() {
    }

    /** For tests in Java SE. */
    public AccountUsages(QuotaRepository quotas, Plans plans, Clock clock, RequestLimiter limiter) {
        this.quotas = quotas;
        this.plans = plans;
        this.clock = clock;
        this.limiter = limiter;
    }

    /**
     * @param userId     the user
     * @param storedTier the user's plan as stored (an unknown one is free)
     * @return the plan's numbers and what the user uses now; all zero if the user has no quotas row yet
     */
    public AccountUsage of(UUID userId, String storedTier) {
        LocalDate today = RateWindow.utcDate(clock.instant());
        Optional<Quota> quota = quotas.find(userId);
        // The stored counters include what this node has counted in advance and not used yet (a lease).
        long leased = limiter.unusedFor(userId);
        return new AccountUsage(plans.ofStored(storedTier),
                quota.map(q -> Math.max(0L, q.requestsTodayAt(today) - leased)).orElse(0L),
                quota.map(q -> Math.max(0L, q.requestsThisMonthAt(today) - leased)).orElse(0L),
                quota.map(q -> (long) q.getMemoriesCount()).orElse(0L),
                quota.map(Quota::getStorageBytes).orElse(0L));
    }
}
