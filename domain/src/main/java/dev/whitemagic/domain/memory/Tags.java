package dev.whitemagic.domain.memory;

import dev.whitemagic.domain.Arguments;
import dev.whitemagic.domain.InvalidInputException;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one normal form of tags, so that {@code "Machine Learning"} and {@code "machine_learning "} are the same tag in
 * filters, counts and search.
 */
public final class Tags {

    /** The most tags one memory may carry. */
    public static final int MAX_TAGS = 50;

    /** The longest tag, in characters, after normalisation. */
    public static final int MAX_TAG_LENGTH = 64;

    // Unicode white space (no-break space included), which String.strip() alone would keep.
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private Tags() {
    }

    /**
     * Normalises tags as a client sent them: each is trimmed, lower-cased ({@link Locale#ROOT}, so a Turkish server
     * locale cannot turn {@code I} into a dotless {@code ı}), and every run of inner whitespace becomes one {@code _};
     * empty tags are dropped, and so are repeats (the first occurrence keeps its place).
     *
     * @param raw the tags as sent; {@code null} means none
     * @return the normalised tags, in order; never {@code null}
     * @throws InvalidInputException on {@code tags} if more than {@value #MAX_TAGS} remain or one is longer than
     *                               {@value #MAX_TAG_LENGTH} characters
     */
    public static List<String> normalise(Collection<String> raw) {
        if (raw == null) {
            return List.of();
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : raw) {
            if (tag == null) {
                continue;
            }
            String normal = WHITESPACE.splitAsStream(tag.toLowerCase(Locale.ROOT)).filter(part -> !part.isEmpty())
                    .collect(Collectors.joining("_"));
            if (normal.isEmpty()) {
                continue;
            }
            int length = normal.codePointCount(0, normal.length());
            if (length > MAX_TAG_LENGTH) {
                throw new InvalidInputException("tags", "a tag may have at most " + MAX_TAG_LENGTH
                        + " characters; '" + normal.substring(0, normal.offsetByCodePoints(0, 16)) + "…' has " + length);
            }
            Arguments.requireStorable(normal, "tags");
            tags.add(normal);
        }
        if (tags.size() > MAX_TAGS) {
            throw new InvalidInputException("tags", "a memory may have at most " + MAX_TAGS + " tags, not "
                    + tags.size());
        }
        return List.copyOf(tags);
    }

    /**
     * The tags of a memory after an edit: {@code replacement} (or {@code current} if it is {@code null}), then
     * {@code added}, without {@code removed}; all three already normalised, so nothing is normalised twice.
     *
     * @throws InvalidInputException on {@code tags} if more than {@value #MAX_TAGS} tags would remain
     */
    static List<String> combine(List<String> current, List<String> replacement, List<String> added,
                                List<String> removed) {
        Set<String> tags = new LinkedHashSet<>(replacement != null ? replacement : current);
        if (added != null) {
            tags.addAll(added);
        }
        if (removed != null) {
            tags.removeAll(removed);
        }
        if (tags.size() > MAX_TAGS) {
            throw new InvalidInputException("tags", "a memory may have at most " + MAX_TAGS + " tags, not "
                    + tags.size());
        }
        return List.copyOf(tags);
    }
}
