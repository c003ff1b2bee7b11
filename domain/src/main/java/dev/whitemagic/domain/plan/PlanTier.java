package dev.whitemagic.domain.plan;

import dev.whitemagic.domain.InvalidInputException;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** A plan tier, stored and sent as its lower-case {@link #value()}. */
public enum PlanTier {
    FREE("free"),
    STARTER("starter"),
    PRO("pro"),
    ENTERPRISE("enterprise");

    private final String value;

    PlanTier(String value) {
        this.value = value;
    }

    /** @return the stored and wire form, e.g. {@code free} */
    public String value() {
        return value;
    }

    /**
     * Reads a tier a client asked for.
     *
     * @param value the wire form, e.g. {@code pro}
     * @return the tier
     * @throws InvalidInputException on {@code plan_tier} if the value names no tier (null included)
     */
    public static PlanTier parse(String value) {
        return find(value).orElseThrow(() -> new InvalidInputException("plan_tier",
                "unknown plan tier '" + value + "'; known: " + Arrays.stream(values()).map(PlanTier::value)
                        .collect(Collectors.joining(", "))));
    }

    /**
     * Reads a tier from storage. A stored tier that no configuration knows (say, one retired since, or written by
     * hand) must not lock the user out, so it counts as {@link #FREE}, the most restrictive plan.
     *
     * @param value the stored form, or {@code null}
     * @return the tier, {@link #FREE} if the value names none
     */
    public static PlanTier ofStored(String value) {
        return find(value).orElse(FREE);
    }

    private static Optional<PlanTier> find(String value) {
        for (PlanTier tier : values()) {
            if (tier.value.equals(value)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }
}
