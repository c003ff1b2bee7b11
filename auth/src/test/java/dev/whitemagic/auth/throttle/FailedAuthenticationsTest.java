package dev.whitemagic.auth.throttle;

import dev.whitemagic.persistence.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

class FailedAuthenticationsTest {

    private static final String ADDRESS = "203.0.113.7";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final FailedAuthentications failures = new FailedAuthentications(clock, 3, 1_000);

    @Test
    void blockedFor_belowTheLimit_isEmpty() {
        failures.recordFailure(ADDRESS);
        failures.recordFailure(ADDRESS);

        assertThat(failures.blockedFor(ADDRESS)).isEmpty();
    }

    @Test
    void blockedFor_atTheLimit_isTheRestOfTheWindow_roundedUp() {
        failures.recordFailure(ADDRESS);
        clock.advance(Duration.ofMillis(20_300));
        failures.recordFailure(ADDRESS);
        failures.recordFailure(ADDRESS);

        assertThat(failures.blockedFor(ADDRESS)).contains(Duration.ofSeconds(40));
    }

    @Test
    void blockedFor_otherAddress_isUnaffected() {
        for (int i = 0; i < 3; i++) {
            failures.recordFailure(ADDRESS);
        }

        assertThat(failures.blockedFor("198.51.100.1")).isEmpty();
    }

    @Test
    void blockedFor_afterTheWindowEnds_isEmptyAgain_andCountingRestarts() {
        for (int i = 0; i < 3; i++) {
            failures.recordFailure(ADDRESS);
        }
        clock.advance(Duration.ofSeconds(60));

        assertThat(failures.blockedFor(ADDRESS)).isEmpty();
        failures.recordFailure(ADDRESS);
        assertThat(failures.blockedFor(ADDRESS)).isEmpty();
    }

    @Test
    void blockedFor_inTheLastMillisecondOfTheWindow_isAtLeastOneSecond() {
        for (int i = 0; i < 3; i++) {
            failures.recordFailure(ADDRESS);
        }
        clock.advance(Duration.ofMillis(59_999));

        assertThat(failures.blockedFor(ADDRESS)).contains(Duration.ofSeconds(1));
    }

    @Test
    void failuresWhileBlocked_doNotExtendTheBlock() {
        for (int i = 0; i < 10; i++) {
            failures.recordFailure(ADDRESS);
        }
        clock.advance(Duration.ofSeconds(30));
        failures.recordFailure(ADDRESS);

        assertThat(failures.blockedFor(ADDRESS)).contains(Duration.ofSeconds(30));
    }

    @Test
    void addresses_areBounded() {
        FailedAuthentications small = new FailedAuthentications(clock, 1, 10);

        for (int i = 0; i < 1_000; i++) {
            small.recordFailure("10.0.0." + i);
        }

        long blocked = 0;
        for (int i = 0; i < 1_000; i++) {
            if (small.blockedFor("10.0.0." + i).isPresent()) {
                blocked++;
            }
        }
        assertThat(blocked).isLessThanOrEqualTo(10);
    }

    @Test
    void constructor_nonPositiveLimit_isRefused() {
        assertThatThrownBy(() -> new FailedAuthentications(Clock.systemUTC(), 0, 10))
                .hasMessageContaining("wm.auth.failed-attempts-per-minute");
    }
}
