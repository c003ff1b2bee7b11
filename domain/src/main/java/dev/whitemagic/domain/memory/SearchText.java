package dev.whitemagic.domain.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two readings of a search text that search by meaning needs: what it is about (the words to embed: quoted
 * phrases unquoted, excluded words left out) and what it demands (its quoted phrases and {@code -excluded} words,
 * which stay constraints in every mode).
 */
public final class SearchText {

    private static final Pattern PHRASE = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern EXCLUDED = Pattern.compile("(?<=^|\\s)-[^\\s\"]+");

    private SearchText() {
    }

    /** The text to embed: the words and phrases, without quotes, without excluded words. */
    public static String meaning(String text) {
        String withoutExcluded = EXCLUDED.matcher(text).replaceAll(" ");
        return withoutExcluded.replace('"', ' ').replaceAll("\\s+", " ").strip();
    }

    /**
     * The constraints alone, in the same web-search syntax ({@code "a phrase" -word}), or empty if there are none:
     * what every result must satisfy, also one found by meaning.
     */
    public static String constraints(String text) {
        List<String> parts = new ArrayList<>();
        Matcher phrases = PHRASE.matcher(text);
        while (phrases.find()) {
            if (!phrases.group(1).isBlank()) {
                parts.add(phrases.group());
            }
        }
        Matcher excluded = EXCLUDED.matcher(PHRASE.matcher(text).replaceAll(" "));
        while (excluded.find()) {
            parts.add(excluded.group());
        }
        return String.join(" ", parts);
    }
}
