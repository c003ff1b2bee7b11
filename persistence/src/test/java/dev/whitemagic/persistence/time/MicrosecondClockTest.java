package dev.whitemagic.persistence.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MicrosecondClockTest {

    private final MicrosecondClock clock = new MicrosecondClock();

    @Test
    void instants_haveNoMoreThanMicroseconds_asPostgresKeepsThem() {
        for (int i = 0; i < 1000; i++) {
            assertThat(clock.instant().getNano() % 1_000).isZero();
        }
    }

    @Test
    void millis_works_andTheZoneIsUtc() {
        assertThat(clock.millis()).isPositive();
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(Math.abs(clock.millis() - clock.instant().toEpochMilli())).isLessThan(1000);
    }
}
