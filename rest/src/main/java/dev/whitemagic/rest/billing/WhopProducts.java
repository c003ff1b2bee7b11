package dev.whitemagic.rest.billing;

import dev.whitemagic.domain.plan.PlanTier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * The product map: which plan a Whop product gives, as {@code wm.whop.products.<product id>=<tier>} (so
 * {@code WM_WHOP_PRODUCTS_<PRODUCT_ID>=pro} in the environment). Looked up per product id whenever an event needs it,
 * so there is nothing to list up front.
 */
@ApplicationScoped
public class WhopProducts {

    static final String PREFIX = "wm.whop.products.";

    /** What the map says about one product. */
    public sealed interface Mapping {
    }

    /** The product gives this plan. */
    public record Mapped(PlanTier tier) implements Mapping {
    }

    /** The map does not name the product. */
    public record Unmapped() implements Mapping {
    }

    /** The map names the product, but with a tier no plan has: a configuration error. */
    public record UnknownTier(String configured) implements Mapping {
    }

    private final Function<String, Optional<String>> settings;

    @Inject
    public WhopProducts(Config config) {
        this(key -> Objects.requireNonNull(config, "config").getOptionalValue(key, String.class));
    }

    /** @param settings the configuration's value of a key, if it has one */
    public WhopProducts(Function<String, Optional<String>> settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** For CDI's proxy. */
    protected WhopProducts() {
        this.settings = key -> Optional.empty();
    }

    /** @param productId a Whop product id, or {@code null} (which no map names) */
    public Mapping planOf(String productId) {
        if (productId == null) {
            return new Unmapped();
        }
        Optional<String> configured = settings.apply(PREFIX + productId).map(String::strip)
                .filter(value -> !value.isEmpty());
        if (configured.isEmpty()) {
            return new Unmapped();
        }
        String tier = configured.get().toLowerCase(Locale.ROOT);
        for (PlanTier plan : PlanTier.values()) {
            if (plan.value().equals(tier)) {
                return new Mapped(plan);
            }
        }
        return new UnknownTier(configured.get());
    }
}
