package dev.whitemagic.persistence.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The system clock in UTC, in whole microseconds. PostgreSQL keeps microseconds, so an instant with more
 * precision would read back different from what an answer said. ({@code Clock.tick} with a
 * sub-millisecond tick divides by zero in {@code millis()} on Java 17.)
 */
final class MicrosecondClock extends Clock {

    private static final Clock SYSTEM = Clock.systemUTC();

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return SYSTEM.withZone(zone);
    }

    @Override
    public long millis() {
        return SYSTEM.millis();
    }

    @Override
    public Instant instant() {
        return SYSTEM.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
