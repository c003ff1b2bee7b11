package dev.whitemagic.domain.memory;

import dev.whitemagic.domain.InvalidInputException;

/** Which memories a list shows by status; the wire forms are {@code active}, {@code archived} and {@code all}. */
public enum StatusFilter {
    ACTIVE("active"),
    ARCHIVED("archived"),
    ALL("all");

    private final String value;

    StatusFilter(String value) {
        this.value = value;
    }

    /** @return the wire form, e.g. {@code all} */
    public String value() {
        return value;
    }

    /**
     * @param value the wire form a client sent
     * @return the filter
     * @throws InvalidInputException on {@code status} if the value names none (null included)
     */
    public static StatusFilter parse(String value) {
        for (StatusFilter filter : values()) {
            if (filter.value.equals(value)) {
                return filter;
            }
        }
        throw new InvalidInputException("status", "unknown status '" + value + "'; known: active, archived, all");
    }
}
