package dev.whitemagic.domain.memory;

import dev.whitemagic.domain.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a search finds memories. */
public enum SearchMode {

    /** Keyword and semantic rankings fused (reciprocal rank fusion): the default. */
    HYBRID,
    /** Full-text search alone, as before search by meaning existed. */
    KEYWORD,
    /** By meaning alone: cosine similarity of embeddings, above the minimum similarity. */
    SEMANTIC;

    /** As the API spells it. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param value as the API spells it; {@code null} is the default
     * @throws InvalidInputException on {@code mode} for anything else
     */
    public static SearchMode of(String value) {
        if (value == null) {
            return HYBRID;
        }
        for (SearchMode mode : values()) {
            if (mode.value().equals(value)) {
                return mode;
            }
        }
        throw new InvalidInputException("mode", "must be one of " + Arrays.stream(values()).map(SearchMode::value)
                .collect(Collectors.joining(", ")));
    }
}
