package dev.whitemagic.quota;

import dev.whitemagic.domain.plan.PlanLimits;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.domain.plan.RateWindow;
import dev.whitemagic.domain.plan.RequestCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the limiter decided for one request, and everything the rate-limit headers say about it (IETF httpapi
 * rate-limit fields, draft 11, plus the older {@code X-RateLimit-*}).
 *
 * @param admitted whether the request may go on (and was counted)
 * @param tier     the caller's plan
 * @param limits   that plan's numbers
 * @param counts   the counts after this request if admitted; the counts that refused it if not
 * @param now      the instant of the decision
 */
public record RateDecision(boolean admitted, PlanTier tier, PlanLimits limits, RequestCounts counts, Instant now) {

    public RateDecision {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(now, "now");
    }

    /** @return requests left in the window, never below zero */
    public long remaining(RateWindow window) {
        return Math.max(0, window.limitOf(limits) - counts.of(window));
    }

    /**
     * @return the window nearest to running out: the smallest remaining share r/q, the shorter window on a tie
     */
    public RateWindow nearest() {
        RateWindow nearest = RateWindow.MINUTE;
        for (RateWindow window : RateWindow.values()) {
            // r/q < r'/q'  <=>  r*q' < r'*q  (all positive; the products fit in a long for any sane plan)
            if (remaining(window) * nearest.limitOf(limits) < remaining(nearest) * window.limitOf(limits)) {
                nearest = window;
            }
        }
        return nearest;
    }

    /** @return the windows that are used up (those that refused the request, when it was refused) */
    public List<RateWindow> exhausted() {
        List<RateWindow> exhausted = new ArrayList<>();
        for (RateWindow window : RateWindow.values()) {
            if (remaining(window) == 0) {
                exhausted.add(window);
            }
        }
        return exhausted;
    }

    /**
     * @return seconds until a refused request could be admitted: until the last of the used-up windows opens
     * again (0 for an admitted request)
     */
    public long retryAfterSeconds() {
        if (admitted) {
            return 0;
        }
        long seconds = 1;
        for (RateWindow window : exhausted()) {
            seconds = Math.max(seconds, window.secondsToReset(now));
        }
        return seconds;
    }

    /** @return {@code "minute";q=60;w=60, "day";q=5000;w=86400, "month";q=100000;w=2678400} */
    public String policyHeader() {
        StringBuilder policy = new StringBuilder();
        for (RateWindow window : RateWindow.values()) {
            if (!policy.isEmpty()) {
                policy.append(", ");
            }
            policy.append('"').append(window.value()).append("\";q=").append(window.limitOf(limits))
                    .append(";w=").append(window.policySeconds());
        }
        return policy.toString();
    }

    /** @return {@code "minute";r=42;t=18} for the {@link #nearest()} window */
    public String rateLimitHeader() {
        RateWindow window = nearest();
        return '"' + window.value() + "\";r=" + remaining(window) + ";t=" + window.secondsToReset(now);
    }

    /** @return {@code X-RateLimit-Limit} of the nearest window */
    public long limitOfNearest() {
        return nearest().limitOf(limits);
    }

    /** @return {@code X-RateLimit-Reset}: the Unix second the nearest window opens again */
    public long resetEpochSecondOfNearest() {
        return nearest().nextStart(now).getEpochSecond();
    }

    /** @return the problem detail of a refusal, e.g. {@code rate limit of plan free reached: 10 requests per minute} */
    public String refusalDetail() {
        RateWindow window = exhausted().isEmpty() ? nearest() : exhausted().get(exhausted().size() - 1);
        return "rate limit of plan " + tier.value() + " reached: " + window.limitOf(limits) + " requests per "
                + window.value() + "; retry in " + retryAfterSeconds() + " s";
    }
}
