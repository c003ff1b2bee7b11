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

/** Reads a user's {@link AccountUsage}: one read of the {@code quotas} row. */
@ApplicationScoped
public class AccountUsages {

    @Inject
    QuotaRepository quotas;

    @Inject
    Plans plans;

    @Inject
    Clock clock;

    /** For CDI: the collaborators arrive by field injection. */
    protected AccountUsages() {
    }

    /** For tests in Java SE. */
    public AccountUsages(QuotaRepository quotas, Plans plans, Clock clock) {
        this.quotas = quotas;
        this.plans = plans;
        this.clock = clock;
    }

    /**
     * @param userId     the user
     * @param storedTier the user's plan as stored (an unknown one is free)
     * @return the plan's numbers and what the user uses now; all zero if the user has no quotas row yet
     */
    public AccountUsage of(UUID userId, String storedTier) {
        LocalDate today = RateWindow.utcDate(clock.instant());
        Optional<Quota> quota = quotas.find(userId);
        return new AccountUsage(plans.ofStored(storedTier),
                quota.map(q -> (long) q.requestsTodayAt(today)).orElse(0L),
                quota.map(q -> (long) q.requestsThisMonthAt(today)).orElse(0L),
                quota.map(q -> (long) q.getMemoriesCount()).orElse(0L),
                quota.map(Quota::getStorageBytes).orElse(0L));
    }
}
