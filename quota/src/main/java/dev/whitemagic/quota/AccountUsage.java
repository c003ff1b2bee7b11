package dev.whitemagic.quota;

import dev.whitemagic.domain.plan.PlanLimits;
import java.util.Objects;

/**
 * A user's plan numbers beside what they use now: the request counters of the current day and month (stale ones
 * read as zero) and what their memories take.
 *
 * @param limits            the plan's numbers
 * @param requestsToday     requests counted this UTC day
 * @param requestsThisMonth requests counted this UTC month
 * @param memoriesCount     memories kept, archived ones included
 * @param storageBytes      bytes those memories take
 */
public record AccountUsage(PlanLimits limits, long requestsToday, long requestsThisMonth, long memoriesCount,
                           long storageBytes) {

    public AccountUsage {
        Objects.requireNonNull(limits, "limits");
    }

    /**
     * @param used  what is used
     * @param limit what the plan allows (at least 1)
     * @return the share used in percent, one decimal, between 0 and 100 (a plan lowered below what is kept already
     *         shows 100, not more)
     */
    public static double percent(long used, long limit) {
        if (used <= 0) {
            return 0.0;
        }
        double share = Math.round(used * 1000.0 / limit) / 10.0;
        return Math.min(100.0, share);
    }
}
