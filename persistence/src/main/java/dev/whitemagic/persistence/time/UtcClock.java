package dev.whitemagic.persistence.time;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/** Produces the system clock in UTC for injection; logic never calls {@code Instant.now()} itself. */
@ApplicationScoped
public class UtcClock {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
