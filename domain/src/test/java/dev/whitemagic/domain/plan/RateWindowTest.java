package dev.whitemagic.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateWindowTest {

    @Test
    void minute_isTheCalendarMinute_andReopensAtTheNext() {
        Instant now = Instant.parse("2026-11-25T08:15:42.300Z");

        assertThat(RateWindow.MINUTE.start(now)).isEqualTo(Instant.parse("2026-11-25T08:15:00Z"));
        assertThat(RateWindow.MINUTE.nextStart(now)).isEqualTo(Instant.parse("2026-11-25T08:16:00Z"));
        assertThat(RateWindow.MINUTE.secondsToReset(now)).as("17.7 s rounded up").isEqualTo(18);
    }

    @Test
    void secondsToReset_isAtLeastOne_andAWholeWindowAtItsStart() {
        assertThat(RateWindow.MINUTE.secondsToReset(Instant.parse("2026-11-25T08:15:59.999Z"))).isEqualTo(1);
        assertThat(RateWindow.MINUTE.secondsToReset(Instant.parse("2026-11-25T08:15:00Z"))).isEqualTo(60);
        assertThat(RateWindow.DAY.secondsToReset(Instant.parse("2026-11-25T00:00:00Z"))).isEqualTo(86_400);
    }

    @Test
    void day_isTheUtcCalendarDay() {
        Instant lateEvening = Instant.parse("2026-11-25T23:59:30Z");

        assertThat(RateWindow.DAY.start(lateEvening)).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(RateWindow.DAY.nextStart(lateEvening)).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(RateWindow.DAY.secondsToReset(lateEvening)).isEqualTo(30);
    }

    @Test
    void month_reopensOnTheFirst_whateverTheMonthsLength() {
        assertThat(RateWindow.MONTH.nextStart(Instant.parse("2026-11-30T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(RateWindow.MONTH.nextStart(Instant.parse("2028-02-29T23:00:00Z")))
                .isEqualTo(Instant.parse("2028-03-01T00:00:00Z"));
        assertThat(RateWindow.MONTH.nextStart(Instant.parse("2026-12-31T23:59:59Z")))
                .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(RateWindow.MONTH.start(Instant.parse("2026-11-25T08:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void policySeconds_areThoseTheHeadersAnnounce() {
        assertThat(RateWindow.MINUTE.policySeconds()).isEqualTo(60);
        assertThat(RateWindow.DAY.policySeconds()).isEqualTo(86_400);
        assertThat(RateWindow.MONTH.policySeconds()).isEqualTo(2_678_400);
    }

    @Test
    void limitOf_readsTheMatchingNumberOfThePlan() {
        PlanLimits limits = new PlanLimits(1, 2, 3, 4, 5);

        assertThat(RateWindow.MINUTE.limitOf(limits)).isEqualTo(1);
        assertThat(RateWindow.DAY.limitOf(limits)).isEqualTo(2);
        assertThat(RateWindow.MONTH.limitOf(limits)).isEqualTo(3);
    }
}
