package dev.whitemagic.domain.usage;

import dev.whitemagic.domain.InvalidInputException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The calendar days (UTC) of a usage report, both ends included: at most {@value #MAX_DAYS} of them. Without
 * {@code to} the report ends today; without {@code from} it covers the {@value #DEFAULT_DAYS} days up to {@code to}.
 *
 * @param from the first day
 * @param to   the last day, not before {@code from}
 */
public record UsagePeriod(LocalDate from, LocalDate to) {

    /** The longest report, in days (inclusive), as the contract allows. */
    public static final int MAX_DAYS = 92;

    /** The days of a report whose start is not given: the last 30, today included. */
    public static final int DEFAULT_DAYS = 30;

    private static final String DATE_MESSAGE = "must be a date as YYYY-MM-DD";

    /** Four-digit years only: a longer one would reach the database as a date it refuses. */
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    public UsagePeriod {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new InvalidInputException("from", "must not be after to (" + from + " > " + to + ")");
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > MAX_DAYS) {
            throw new InvalidInputException("from", "the period " + from + " to " + to + " spans " + days
                    + " days; at most " + MAX_DAYS + " (both ends included)");
        }
    }

    /**
     * The period a client asked for, with the defaults for what it left out.
     *
     * @param from  {@code YYYY-MM-DD}, or {@code null} / blank for {@value #DEFAULT_DAYS} days up to {@code to}
     * @param to    {@code YYYY-MM-DD}, or {@code null} / blank for today
     * @param today the current UTC date
     * @throws InvalidInputException on {@code from} or {@code to} if a date is malformed, on {@code from} if the
     *                               period is reversed or longer than {@value #MAX_DAYS} days
     */
    public static UsagePeriod parse(String from, String to, LocalDate today) {
        Objects.requireNonNull(today, "today");
        LocalDate last = isAbsent(to) ? today : date(to, "to");
        LocalDate first = isAbsent(from) ? last.minusDays(DEFAULT_DAYS - 1L) : date(from, "from");
        return new UsagePeriod(first, last);
    }

    /** @return how many days the period has, both ends included */
    public int days() {
        return (int) ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** @return every day of the period, oldest first */
    public List<LocalDate> dates() {
        List<LocalDate> dates = new ArrayList<>(days());
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            dates.add(day);
        }
        return dates;
    }

    private static boolean isAbsent(String value) {
        return value == null || value.isBlank();
    }

    private static LocalDate date(String value, String field) {
        String text = value.strip();
        if (!DATE.matcher(text).matches()) {
            throw new InvalidInputException(field, DATE_MESSAGE);
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, DATE_MESSAGE);
        }
    }
}
