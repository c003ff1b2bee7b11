package dev.whitemagic.domain.plan;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The three request windows of a plan. Each is a calendar period in UTC: the minute, the day from 00:00, the month
 * from the 1st; a window opens again at the start of the next period, not a sliding length after the first request.
 */
public enum RateWindow {
    MINUTE("minute", 60),
    DAY("day", 86_400),
    MONTH("month", 2_678_400);

    private final String value;
    private final long policySeconds;

    RateWindow(String value, long policySeconds) {
        this.value = value;
        this.policySeconds = policySeconds;
    }

    /** @return the name in the rate-limit headers: {@code minute}, {@code day}, {@code month} */
    public String value() {
        return value;
    }

    /**
     * @return the window's length as {@code RateLimit-Policy} announces it ({@code w}): 60, 86,400, and for the
     * month its longest length, 31 days, since one policy value has to cover every month
     */
    public long policySeconds() {
        return policySeconds;
    }

    /**
     * @param limits a plan
     * @return how many requests the plan admits in this window
     */
    public long limitOf(PlanLimits limits) {
        return switch (this) {
            case MINUTE -> limits.requestsPerMinute();
            case DAY -> limits.requestsPerDay();
            case MONTH -> limits.requestsPerMonth();
        };
    }

    /**
     * @param now an instant
     * @return the start of the period that contains it
     */
    public Instant start(Instant now) {
        ZonedDateTime utc = now.atZone(ZoneOffset.UTC);
        return switch (this) {
            case MINUTE -> now.truncatedTo(ChronoUnit.MINUTES);
            case DAY -> utc.truncatedTo(ChronoUnit.DAYS).toInstant();
            case MONTH -> utc.toLocalDate().withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        };
    }

    /**
     * @param now an instant
     * @return the start of the next period: when the window opens again
     */
    public Instant nextStart(Instant now) {
        Instant start = start(now);
        return switch (this) {
            case MINUTE -> start.plus(1, ChronoUnit.MINUTES);
            case DAY -> start.plus(1, ChronoUnit.DAYS);
            case MONTH -> start.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
        };
    }

    /**
     * @param now an instant
     * @return whole seconds until the window opens again, rounded up, at least 1 (what {@code Retry-After} and the
     * {@code t} of {@code RateLimit} say)
     */
    public long secondsToReset(Instant now) {
        long millis = nextStart(now).toEpochMilli() - now.toEpochMilli();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** @return the UTC date of an instant, for the day and month counters */
    public static LocalDate utcDate(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }
}
