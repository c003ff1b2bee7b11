package dev.whitemagic.persistence.time;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** Produces the clock that all logic takes time from; logic never calls {@code Instant.now()} itself. */
@ApplicationScoped
public class UtcClock {

    // Dependent: a Clock is immutable and cheap, and a proxy of java.time.Clock would gain nothing.
    @Produces
    Clock clock() {
        return new MicrosecondClock();
    }
}
