package dev.whitemagic.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.plan.PlanLimits;
import dev.whitemagic.domain.plan.PlanTier;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlansTest {

    private static Plans configured(Map<String, String> settings) {
        return new Plans(key -> Optional.ofNullable(settings.get(key)));
    }

    @Test
    void withoutConfiguration_everyPlanHasTheContractsNumbers() {
        Plans plans = configured(Map.of());

        for (PlanTier tier : PlanTier.values()) {
            assertThat(plans.of(tier)).as(tier.value()).isEqualTo(PlanLimits.defaults(tier));
        }
    }

    @Test
    void eachNumber_isOverriddenByItsOwnKey_only() {
        Plans plans = configured(Map.of(
                "wm.plans.pro.requests-per-day", "70000",
                "wm.plans.free.max-storage-bytes", " 5_000_000 "));

        assertThat(plans.of(PlanTier.PRO)).isEqualTo(new PlanLimits(300, 70_000, 1_000_000, 5_000, 1_000_000_000));
        assertThat(plans.of(PlanTier.FREE)).isEqualTo(new PlanLimits(10, 100, 1_000, 50, 5_000_000));
        assertThat(plans.of(PlanTier.STARTER)).isEqualTo(PlanLimits.defaults(PlanTier.STARTER));
    }

    @Test
    void aStoredTierNoConfigurationKnows_isFree() {
        Plans plans = configured(Map.of("wm.plans.free.requests-per-minute", "3"));

        assertThat(plans.ofStored("platinum").requestsPerMinute()).isEqualTo(3);
        assertThat(plans.ofStored(null).requestsPerMinute()).isEqualTo(3);
        assertThat(plans.ofStored("starter").requestsPerMinute()).isEqualTo(60);
    }

    @Test
    void aBadNumber_failsAtStart_namingPlanAndKey() {
        assertThatThrownBy(() -> configured(Map.of("wm.plans.starter.max-memories", "lots")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("starter")
                .hasMessageContaining("wm.plans.starter.max-memories");
        assertThatThrownBy(() -> configured(Map.of("wm.plans.pro.requests-per-minute", "0")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pro")
                .hasMessageContaining("requests-per-minute");
    }
}
