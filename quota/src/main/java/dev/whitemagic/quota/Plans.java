package dev.whitemagic.quota;

import dev.whitemagic.domain.plan.PlanLimits;
import dev.whitemagic.domain.plan.PlanTier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * The plans' numbers: the contract's defaults, each overridable with MicroProfile Config
 * ({@code wm.plans.<tier>.requests-per-minute}, {@code …requests-per-day}, {@code …requests-per-month},
 * {@code …max-memories}, {@code …max-storage-bytes}; so also {@code WM_PLANS_PRO_REQUESTS_PER_DAY}). Read once, when
 * the application starts; a value below 1 or not a number stops the deployment with the key's name.
 */
@ApplicationScoped
public class Plans {

    private final Map<PlanTier, PlanLimits> limits = new EnumMap<>(PlanTier.class);

    /** For CDI. */
    protected Plans() {
    }

    @Inject
    public Plans(Config config) {
        this(key -> Objects.requireNonNull(config, "config").getOptionalValue(key, String.class));
    }

    /**
     * @param settings the configuration's value of a key, if it has one
     * @throws IllegalStateException naming the plan and key if a value is not a whole number of at least 1
     */
    public Plans(Function<String, Optional<String>> settings) {
        for (PlanTier tier : PlanTier.values()) {
            PlanLimits defaults = PlanLimits.defaults(tier);
            String prefix = "wm.plans." + tier.value() + ".";
            try {
                limits.put(tier, new PlanLimits(
                        number(settings, prefix + "requests-per-minute", defaults.requestsPerMinute()),
                        number(settings, prefix + "requests-per-day", defaults.requestsPerDay()),
                        number(settings, prefix + "requests-per-month", defaults.requestsPerMonth()),
                        number(settings, prefix + "max-memories", defaults.maxMemories()),
                        number(settings, prefix + "max-storage-bytes", defaults.maxStorageBytes())));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("plan " + tier.value() + ": " + e.getMessage(), e);
            }
        }
    }

    /** For tests: fixed numbers per tier, the defaults for tiers not given. */
    public static Plans of(Map<PlanTier, PlanLimits> given) {
        Plans plans = new Plans();
        for (PlanTier tier : PlanTier.values()) {
            plans.limits.put(tier, given.getOrDefault(tier, PlanLimits.defaults(tier)));
        }
        return plans;
    }

    /**
     * @param tier a plan
     * @return its numbers as configured
     */
    public PlanLimits of(PlanTier tier) {
        return limits.get(Objects.requireNonNull(tier, "tier"));
    }

    /**
     * @param storedTier a tier as stored or cached with a user; one no configuration knows is free
     * @return the numbers of that plan
     */
    public PlanLimits ofStored(String storedTier) {
        return of(PlanTier.ofStored(storedTier));
    }

    private static long number(Function<String, Optional<String>> settings, String key, long fallback) {
        return settings.apply(key)
                .map(String::trim)
                .map(value -> {
                    try {
                        return Long.parseLong(value.replace("_", ""));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'");
                    }
                })
                .orElse(fallback);
    }
}
