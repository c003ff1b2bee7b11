package dev.whitemagic.domain.memory;


import java.util.List;

/**
 * What a search asks for.
 *
 * @param text            web-search syntax ({@code "exact phrase"}, {@code or}, {@code -excluded}); {@code null} or
 *                        blank lists newest first
 * @param allTags         normalised tags that every hit must carry; {@code null} or empty for any
 * @param type            the type of every hit, or {@code null} for any
 * @param includeArchived whether archived memories are searched too
 * @param limit           the page size, 1 to 200
 * @param cursor          the {@code next_cursor} of the previous page, or {@code null} for the first
 */
public record SearchQuery(String text, List<String> allTags, MemoryType type, boolean includeArchived, int limit,
                          String cursor) {

    public SearchQuery {
        allTags = allTags == null ? List.of() : List.copyOf(allTags);
    }
}
