package dev.whitemagic.domain.context;

import dev.whitemagic.domain.InvalidInputException;

/**
 * How much a context package holds: the higher the tier, the more memories and the more of each. The numbers are
 * part of the API contract of {@code POST /api/v1/context} (tier 0, 1 or 2), not configuration.
 */
public enum ContextTier {
    TIER_0(0, 2, Rendering.SUMMARY, 0, Rendering.SUMMARY),
    TIER_1(1, 5, Rendering.DETAILED, 2, Rendering.SUMMARY),
    TIER_2(2, 10, Rendering.FULL, 5, Rendering.FULL);

    private final int number;
    private final int shortTermCount;
    private final Rendering shortTermRendering;
    private final int longTermCount;
    private final Rendering longTermRendering;

    ContextTier(int number, int shortTermCount, Rendering shortTermRendering, int longTermCount,
            Rendering longTermRendering) {
        this.number = number;
        this.shortTermCount = shortTermCount;
        this.shortTermRendering = shortTermRendering;
        this.longTermCount = longTermCount;
        this.longTermRendering = longTermRendering;
    }

    /**
     * Reads the tier a client asked for.
     *
     * @param number 0, 1 or 2
     * @return the tier
     * @throws InvalidInputException on {@code tier} for any other number
     */
    public static ContextTier of(int number) {
        for (ContextTier tier : values()) {
            if (tier.number == number) {
                return tier;
            }
        }
        throw new InvalidInputException("tier", "tier must be 0, 1 or 2, was " + number);
    }

    /** @return the tier's number as the API names it, 0 to 2 */
    public int number() {
        return number;
    }

    /** @return how many short-term memories the package takes at most */
    public int shortTermCount() {
        return shortTermCount;
    }

    /** @return how each short-term memory is shown */
    public Rendering shortTermRendering() {
        return shortTermRendering;
    }

    /** @return how many long-term memories the package takes at most */
    public int longTermCount() {
        return longTermCount;
    }

    /** @return how each long-term memory is shown; irrelevant for {@link #TIER_0}, which takes none */
    public Rendering longTermRendering() {
        return longTermRendering;
    }
}
