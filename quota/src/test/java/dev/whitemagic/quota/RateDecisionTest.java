package dev.whitemagic.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.plan.PlanLimits;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.domain.plan.RateWindow;
import dev.whitemagic.domain.plan.RequestCounts;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateDecisionTest {

    private static final PlanLimits STARTER = PlanLimits.defaults(PlanTier.STARTER); // 60 / 5,000 / 100,000
    private static final Instant NOW = Instant.parse("2026-11-25T08:15:42Z");

    private static RateDecision admitted(long minute, long day, long month) {
        return new RateDecision(true, PlanTier.STARTER, STARTER, new RequestCounts(minute, day, month), NOW);
    }

    @Test
    void policyHeader_listsEveryWindow_withQuotaAndLength() {
        assertThat(admitted(1, 1, 1).policyHeader())
                .isEqualTo("\"minute\";q=60;w=60, \"day\";q=5000;w=86400, \"month\";q=100000;w=2678400");
    }

    @Test
    void rateLimitHeader_namesTheWindowWithTheSmallestRemainingShare() {
        // minute: 42/60 = 0.70 left; day: 1,000/5,000 = 0.20 left; month: 90,000/100,000 = 0.90 left
        RateDecision decision = admitted(18, 4_000, 10_000);

        assertThat(decision.nearest()).isEqualTo(RateWindow.DAY);
        assertThat(decision.rateLimitHeader()).isEqualTo("\"day\";r=1000;t=56658");
        assertThat(decision.limitOfNearest()).isEqualTo(5_000);
        assertThat(decision.remaining(decision.nearest())).isEqualTo(1_000);
        assertThat(decision.resetEpochSecondOfNearest()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z").getEpochSecond());
    }

    @Test
    void onATie_theShorterWindowIsNamed() {
        // every window has exactly half left
        RateDecision decision = admitted(30, 2_500, 50_000);

        assertThat(decision.nearest()).isEqualTo(RateWindow.MINUTE);
        assertThat(decision.rateLimitHeader()).isEqualTo("\"minute\";r=30;t=18");
    }

    @Test
    void aFreshUser_seesTheMinuteWindow() {
        assertThat(admitted(1, 1, 1).rateLimitHeader()).isEqualTo("\"minute\";r=59;t=18");
    }

    @Test
    void refusal_retryAfterIsWhenTheLastUsedUpWindowReopens() {
        RateDecision minuteOnly = new RateDecision(false, PlanTier.STARTER, STARTER,
                new RequestCounts(60, 100, 100), NOW);
        RateDecision dayToo = new RateDecision(false, PlanTier.STARTER, STARTER,
                new RequestCounts(60, 5_000, 6_000), NOW);

        assertThat(minuteOnly.exhausted()).containsExactly(RateWindow.MINUTE);
        assertThat(minuteOnly.retryAfterSeconds()).isEqualTo(18);
        assertThat(minuteOnly.rateLimitHeader()).isEqualTo("\"minute\";r=0;t=18");
        assertThat(minuteOnly.refusalDetail())
                .isEqualTo("rate limit of plan starter reached: 60 requests per minute; retry in 18 s");

        assertThat(dayToo.exhausted()).containsExactly(RateWindow.MINUTE, RateWindow.DAY);
        assertThat(dayToo.retryAfterSeconds()).isEqualTo(56_658);
        assertThat(dayToo.refusalDetail()).contains("5000 requests per day");
    }

    @Test
    void remaining_neverGoesBelowZero_evenIfAPlanWasLowered() {
        RateDecision decision = new RateDecision(false, PlanTier.STARTER, STARTER,
                new RequestCounts(75, 10, 10), NOW);

        assertThat(decision.remaining(RateWindow.MINUTE)).isZero();
        assertThat(decision.rateLimitHeader()).isEqualTo("\"minute\";r=0;t=18");
    }

    @Test
    void anAdmittedRequest_hasNoRetryAfter() {
        assertThat(admitted(1, 1, 1).retryAfterSeconds()).isZero();
    }

    @Test
    void percent_hasOneDecimal_andStaysWithin0To100() {
        assertThat(AccountUsage.percent(0, 100)).isEqualTo(0.0);
        assertThat(AccountUsage.percent(1, 3)).isEqualTo(33.3);
        assertThat(AccountUsage.percent(2, 3)).isEqualTo(66.7);
        assertThat(AccountUsage.percent(5_000_000, 10_000_000)).isEqualTo(50.0);
        assertThat(AccountUsage.percent(120, 100)).isEqualTo(100.0);
    }
}
