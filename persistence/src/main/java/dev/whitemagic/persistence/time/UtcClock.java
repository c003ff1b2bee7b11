package dev.whitemagic.persistence.time;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.time.Duration;

/** Produces the system clock in UTC for injection; logic never calls {@code Instant.now()} itself. */
@ApplicationScoped
public class UtcClock {

    // Dependent: a Clock is immutable and cheap, and a proxy of java.time.Clock would gain nothing.
    @Produces
    Clock clock() {
        // PostgreSQL keeps microseconds: an instant with more would read back different from what was answered.
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
