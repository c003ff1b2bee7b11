package dev.whitemagic.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlanTierTest {

    @Test
    void value_isTheLowerCaseWireForm() {
        assertThat(PlanTier.FREE.value()).isEqualTo("free");
        assertThat(PlanTier.STARTER.value()).isEqualTo("starter");
        assertThat(PlanTier.PRO.value()).isEqualTo("pro");
        assertThat(PlanTier.ENTERPRISE.value()).isEqualTo("enterprise");
    }

    @Test
    void parse_knownValues_giveTheirTier() {
        for (PlanTier tier : PlanTier.values()) {
            assertThat(PlanTier.parse(tier.value())).isSameAs(tier);
        }
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "gold", "PRO", " pro", "FREE"})
    void parse_unknownValue_isInvalidInputOnPlanTier(String value) {
        assertThatThrownBy(() -> PlanTier.parse(value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("plan_tier"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "gold", "PRO"})
    void ofStored_unknownValue_isFree(String value) {
        assertThat(PlanTier.ofStored(value)).isSameAs(PlanTier.FREE);
    }

    @Test
    void ofStored_knownValue_isItsTier() {
        assertThat(PlanTier.ofStored("enterprise")).isSameAs(PlanTier.ENTERPRISE);
    }
}
