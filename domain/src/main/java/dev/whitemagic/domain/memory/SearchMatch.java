package dev.whitemagic.domain.memory;

import java.util.Locale;

/** How a search found a memory. */
public enum SearchMatch {

    /** By its words (full text, or the title's likeness in the typo fallback), or listed without a query. */
    KEYWORD,
    /** By meaning alone. */
    SEMANTIC,
    /** By both. */
    BOTH;

    /** As the API spells it. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
