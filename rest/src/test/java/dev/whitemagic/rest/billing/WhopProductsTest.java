package dev.whitemagic.rest.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.plan.PlanTier;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WhopProductsTest {

    private final WhopProducts products = new WhopProducts(key -> Optional.ofNullable(Map.of(
            "wm.whop.products.prod_pro", "pro",
            "wm.whop.products.prod_shouting", " STARTER ",
            "wm.whop.products.prod_gold", "gold",
            "wm.whop.products.prod_blank", " ").get(key)));

    @Test
    void aMappedProduct_givesItsPlan_whateverTheCaseAndSpacing() {
        assertThat(products.planOf("prod_pro")).isEqualTo(new WhopProducts.Mapped(PlanTier.PRO));
        assertThat(products.planOf("prod_shouting")).isEqualTo(new WhopProducts.Mapped(PlanTier.STARTER));
    }

    @Test
    void anUnmappedBlankOrMissingProduct_isUnmapped() {
        assertThat(products.planOf("prod_other")).isInstanceOf(WhopProducts.Unmapped.class);
        assertThat(products.planOf("prod_blank")).isInstanceOf(WhopProducts.Unmapped.class);
        assertThat(products.planOf(null)).isInstanceOf(WhopProducts.Unmapped.class);
    }

    @Test
    void aMappingToNoPlan_isReportedAsSuch() {
        assertThat(products.planOf("prod_gold")).isEqualTo(new WhopProducts.UnknownTier("gold"));
    }
}
