package dev.whitemagic.auth.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.time.Duration;

class UnknownKeysTest {

    private final FakeTicker ticker = new FakeTicker();
    private final UnknownKeys unknown = new UnknownKeys(Duration.ofSeconds(60), 1_000, ticker);

    @Test
    void isKnownUnknown_afterRemember_isTrue_untilTheTtlPasses() {
        assertThat(unknown.isKnownUnknown("hash-a")).isFalse();

        unknown.remember("hash-a");
        ticker.advance(Duration.ofSeconds(59));
        assertThat(unknown.isKnownUnknown("hash-a")).isTrue();
        assertThat(unknown.isKnownUnknown("hash-b")).isFalse();

        ticker.advance(Duration.ofSeconds(2));
        assertThat(unknown.isKnownUnknown("hash-a")).isFalse();
    }

    @Test
    void forget_makesTheHashUnknownToTheCacheAgain() {
        unknown.remember("hash-a");

        unknown.forget("hash-a");

        assertThat(unknown.isKnownUnknown("hash-a")).isFalse();
    }

    @Test
    void remember_aFloodOfGuesses_staysBounded() {
        UnknownKeys small = new UnknownKeys(Duration.ofSeconds(60), 100, ticker);

        for (int i = 0; i < 10_000; i++) {
            small.remember("guess-" + i);
        }

        long remembered = 0;
        for (int i = 0; i < 10_000; i++) {
            if (small.isKnownUnknown("guess-" + i)) {
                remembered++;
            }
        }
        assertThat(remembered).isLessThanOrEqualTo(100);
    }
}
