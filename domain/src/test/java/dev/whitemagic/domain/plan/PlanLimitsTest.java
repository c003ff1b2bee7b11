package dev.whitemagic.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlanLimitsTest {

    @Test
    void defaults_areTheContractsTable() {
        assertThat(PlanLimits.defaults(PlanTier.FREE)).isEqualTo(new PlanLimits(10, 100, 1_000, 50, 10_000_000));
        assertThat(PlanLimits.defaults(PlanTier.STARTER))
                .isEqualTo(new PlanLimits(60, 5_000, 100_000, 500, 100_000_000));
        assertThat(PlanLimits.defaults(PlanTier.PRO))
                .isEqualTo(new PlanLimits(300, 50_000, 1_000_000, 5_000, 1_000_000_000));
        assertThat(PlanLimits.defaults(PlanTier.ENTERPRISE))
                .isEqualTo(new PlanLimits(1_000, 1_000_000, 10_000_000, 50_000, 10_000_000_000L));
    }

    @Test
    void everyNumber_mustBePositive() {
        assertThatThrownBy(() -> new PlanLimits(0, 1, 1, 1, 1)).hasMessageContaining("requests-per-minute");
        assertThatThrownBy(() -> new PlanLimits(1, 1, 1, 1, -5)).hasMessageContaining("max-storage-bytes");
    }
}
