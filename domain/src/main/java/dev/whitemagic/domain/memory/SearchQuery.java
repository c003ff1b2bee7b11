package dev.whitemagic.domain.memory;

import dev.whitemagic.domain.Arguments;
import dev.whitemagic.domain.InvalidInputException;
import java.util.List;
import java.util.regex.Pattern;

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

    /** The longest search text, in characters: a long question, far below what PostgreSQL's parser can take. */
    public static final int MAX_TEXT_LENGTH = 1_000;

    /** Minus signs in a row (spaces between them or not) exclude no more than one does. */
    private static final Pattern REPEATED_MINUS = Pattern.compile("-(?:\\s*-)+");

    /**
     * @throws InvalidInputException on {@code query} if the text is longer than {@value #MAX_TEXT_LENGTH} characters or
     *                               holds what PostgreSQL cannot take (the NUL character)
     */
    public SearchQuery {
        allTags = allTags == null ? List.of() : List.copyOf(allTags);
        if (text != null) {
            Arguments.requireStorable(text, "query");
            if (text.codePointCount(0, text.length()) > MAX_TEXT_LENGTH) {
                throw new InvalidInputException("query", "must be at most " + MAX_TEXT_LENGTH + " characters");
            }
            // PostgreSQL's web-search parser stacks one operator per minus sign and fails past 32 of them in a row.
            text = REPEATED_MINUS.matcher(text).replaceAll("-");
        }
    }
}
