package dev.whitemagic.quota;

import dev.whitemagic.domain.plan.RateWindow;
import dev.whitemagic.persistence.quota.RequestCounters;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Resets the daily request counters at 00:00 UTC and the monthly ones on the 1st: a thin, non-persistent timer
 * around two idempotent statements ({@link RequestCounters#resetDaily}, {@link RequestCounters#resetMonthly}).
 * Running it twice, or on every node at the same moment, changes nothing more than running it once; and since a
 * counter whose reset date is stale already reads as zero, a node that was down at midnight loses nothing. The job
 * only tidies the stored numbers: one range of pages per statement, each committed on its own (so no request
 * waits on a million row locks), and only rows whose counter is not zero.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each range of the reset commits on its own
public class QuotaReset {

    private static final Logger LOG = Logger.getLogger(QuotaReset.class.getName());

    @Inject
    RequestCounters counters;

    @Inject
    Clock clock;

    /** For the container. */
    protected QuotaReset() {
    }

    /** For tests in Java SE. */
    public QuotaReset(RequestCounters counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
    }

    // A few seconds past midnight, so a node whose clock runs slightly behind still sees the new day.
    @Schedule(hour = "0", minute = "0", second = "5", timezone = "UTC", persistent = false)
    void onMidnight() {
        try {
            reset();
        } catch (RuntimeException e) {
            // Nothing is lost: stale counters read as zero until the next run.
            LOG.log(Level.WARNING, "resetting request counters failed ({0}); stale counters read as zero meanwhile",
                    e.getClass().getName());
        }
    }

    /**
     * Resets what is stale today: every daily counter last reset before today, and on any day of the month every
     * monthly counter last reset before the 1st.
     *
     * @return the rows whose daily and monthly counters were reset
     */
    public Resets reset() {
        LocalDate today = RateWindow.utcDate(clock.instant());
        int daily = counters.resetDaily(today);
        int monthly = counters.resetMonthly(today);
        LOG.fine(() -> "reset " + daily + " daily and " + monthly + " monthly request counters for " + today);
        return new Resets(daily, monthly);
    }

    /**
     * @param daily   rows whose daily counter was reset
     * @param monthly rows whose monthly counter was reset
     */
    public record Resets(int daily, int monthly) {
    }
}
