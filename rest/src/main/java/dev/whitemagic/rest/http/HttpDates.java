package dev.whitemagic.rest.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP dates ({@code Date}, {@code Last-Modified}, {@code If-Modified-Since}) in the one format HTTP senders must use,
 * IMF-fixdate: {@code Sun, 06 Nov 1994 08:49:37 GMT}, always GMT, always two-digit days.
 */
public final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** The last {@code Date} value written, reused within its second. */
    private static volatile Cached cached = new Cached(Long.MIN_VALUE, "");

    private record Cached(long second, String text) {
    }

    private HttpDates() {
    }

    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** @return the current time as an HTTP date, formatted at most once a second */
    public static String now() {
        long second = System.currentTimeMillis() / 1000;
        Cached last = cached;
        if (last.second() != second) {
            last = new Cached(second, format(Instant.ofEpochSecond(second)));
            cached = last;
        }
        return last.text();
    }

    /**
     * Reads a date a client sent: IMF-fixdate, or the obsolete forms RFC 9110 asks recipients to accept as far as
     * a parser of RFC 1123 does ({@code Sun, 6 Nov 1994 08:49:37 GMT}).
     *
     * @return the instant, or empty for anything else (a malformed date is ignored, never an error)
     */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(text.strip())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** @return the instant to the second, as HTTP dates carry it */
    public static Instant toSecond(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
