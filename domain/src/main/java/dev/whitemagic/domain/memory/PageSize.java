package dev.whitemagic.domain.memory;

import dev.whitemagic.domain.InvalidInputException;

/**
 * How many memories one page may hold: a list page up to 200 (50 unless asked), a search page up to 100 (20 unless
 * asked). The one place these bounds are checked; repositories trust what passed here.
 */
public enum PageSize {

    /** Pages of {@code GET /api/v1/memories}. */
    LIST(50, 200),

    /** Pages of a search. */
    SEARCH(20, 100);

    private final int standard;
    private final int max;

    PageSize(int standard, int max) {
        this.standard = standard;
        this.max = max;
    }

    /** The largest page of this kind. */
    public int max() {
        return max;
    }

    /**
     * @param requested the size a client asked for, or {@code null} for the default
     * @throws InvalidInputException on {@code limit} if it is not from 1 to {@link #max()}
     */
    public int of(Integer requested) {
        if (requested == null) {
            return standard;
        }
        if (requested < 1 || requested > max) {
            throw refused();
        }
        return requested;
    }

    /**
     * @param text the size as a query parameter carries it, or {@code null} for the default
     * @throws InvalidInputException on {@code limit} if it is not a whole number from 1 to {@link #max()}
     */
    public int parse(String text) {
        if (text == null) {
            return standard;
        }
        try {
            return of(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            throw refused();
        }
    }

    private InvalidInputException refused() {
        return new InvalidInputException("limit", "must be a whole number from 1 to " + max);
    }
}
