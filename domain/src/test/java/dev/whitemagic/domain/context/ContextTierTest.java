package dev.whitemagic.domain.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContextTierTest {

    @Test
    void of_knownNumbers_giveTheirTier() {
        assertThat(ContextTier.of(0)).isSameAs(ContextTier.TIER_0);
        assertThat(ContextTier.of(1)).isSameAs(ContextTier.TIER_1);
        assertThat(ContextTier.of(2)).isSameAs(ContextTier.TIER_2);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 3, 10, Integer.MIN_VALUE})
    void of_unknownNumber_isInvalidInputOnTier(int number) {
        assertThatThrownBy(() -> ContextTier.of(number))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("tier"));
    }

    @Test
    void counts_followTheContract() {
        assertThat(ContextTier.TIER_0.shortTermCount()).isEqualTo(2);
        assertThat(ContextTier.TIER_0.longTermCount()).isZero();
        assertThat(ContextTier.TIER_1.shortTermCount()).isEqualTo(5);
        assertThat(ContextTier.TIER_1.longTermCount()).isEqualTo(2);
        assertThat(ContextTier.TIER_2.shortTermCount()).isEqualTo(10);
        assertThat(ContextTier.TIER_2.longTermCount()).isEqualTo(5);
    }

    @Test
    void renderings_followTheContract() {
        assertThat(ContextTier.TIER_0.shortTermRendering()).isSameAs(Rendering.SUMMARY);
        assertThat(ContextTier.TIER_1.shortTermRendering()).isSameAs(Rendering.DETAILED);
        assertThat(ContextTier.TIER_1.longTermRendering()).isSameAs(Rendering.SUMMARY);
        assertThat(ContextTier.TIER_2.shortTermRendering()).isSameAs(Rendering.FULL);
        assertThat(ContextTier.TIER_2.longTermRendering()).isSameAs(Rendering.FULL);
    }
}
