package dev.whitemagic.quota;

import dev.whitemagic.domain.plan.PlanLimits;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.domain.plan.RateWindow;
import dev.whitemagic.domain.plan.RequestCounts;
import dev.whitemagic.persistence.quota.RequestCounters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Admits or refuses one authenticated request against the caller's minute, day and month windows.
 * <p>
 * One atomic statement per request ({@link RequestCounters#countIfAdmitted}) decides and counts, so the limits are
 * exact under concurrency and across nodes; a refused request is not counted. Only a refusal reads the counters
 * again, to say which window refused and when it opens. Refusals are counted in {@code wm_ratelimit_refusals_total}
 * by window and plan, never by user or key.
 */
@ApplicationScoped
public class RequestLimiter {

    static final Metadata REFUSALS = Metadata.builder()
            .withName("wm.ratelimit.refusals")
            .withDescription("Requests refused with 429 by the plan's request windows, by window and plan")
            .build();

    @Inject
    RequestCounters counters;

    @Inject
    Plans plans;

    @Inject
    Clock clock;

    @Inject
    MetricRegistry metrics;

    /** For CDI: the collaborators arrive by field injection. */
    protected RequestLimiter() {
    }

    /** For tests in Java SE (no metrics). */
    public RequestLimiter(RequestCounters counters, Plans plans, Clock clock) {
        this.counters = counters;
        this.plans = plans;
        this.clock = clock;
    }

    /**
     * Counts the request if every window has room.
     *
     * @param userId     the caller's user
     * @param storedTier the caller's plan as stored (an unknown one is free)
     * @return the decision, with what the rate-limit headers need
     * @throws dev.whitemagic.persistence.quota.CountersUnavailableException if the database cannot be asked
     */
    public RateDecision take(UUID userId, String storedTier) {
        PlanTier tier = PlanTier.ofStored(storedTier);
        PlanLimits limits = plans.of(tier);
        Instant now = clock.instant();
        Optional<RequestCounts> counted = counters.countIfAdmitted(userId, limits, now);
        if (counted.isEmpty() && counters.ensureRow(userId, now)) {
            counted = counters.countIfAdmitted(userId, limits, now);
        }
        if (counted.isPresent()) {
            return new RateDecision(true, tier, limits, counted.get(), now);
        }
        Optional<RequestCounts> current = counters.read(userId, now);
        if (current.isEmpty()) {
            // No row even after ensureRow: the user was deleted while this request was on its way. Nothing to
            // count against; whatever the request does next finds no user.
            return new RateDecision(true, tier, limits, new RequestCounts(0, 0, 0), now);
        }
        RateDecision refused = new RateDecision(false, tier, limits, current.get(), now);
        countRefusal(refused);
        return refused;
    }

    private void countRefusal(RateDecision refused) {
        if (metrics == null) {
            return;
        }
        List<RateWindow> exhausted = refused.exhausted();
        // The window whose reopening the client waits for: the last one to open again.
        String window = exhausted.isEmpty() ? "unknown" : exhausted.get(exhausted.size() - 1).value();
        metrics.counter(REFUSALS, new Tag("window", window), new Tag("plan", refused.tier().value())).inc();
    }
}
