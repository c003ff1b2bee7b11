package dev.whitemagic.domain.plan;

/**
 * A user's requests counted in the current minute, day and month.
 *
 * @param minute requests this calendar minute
 * @param day    requests this calendar day
 * @param month  requests this calendar month
 */
public record RequestCounts(long minute, long day, long month) {

    /** @return the count of one window */
    public long of(RateWindow window) {
        return switch (window) {
            case MINUTE -> minute;
            case DAY -> day;
            case MONTH -> month;
        };
    }
}
