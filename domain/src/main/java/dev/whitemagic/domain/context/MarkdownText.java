package dev.whitemagic.domain.context;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Markdown into plain running text and cuts it to size. Context packages are read by language models and by
 * people in a list item, where a stray heading, fence or link target costs space and breaks the layout; the text,
 * not its markup, is what carries the meaning.
 *
 * <p>This is a forgiving approximation of CommonMark, not a parser: it never fails, and text that only looks like
 * markup (say, {@code 2 * 3}) is left alone where the patterns allow.
 */
public final class MarkdownText {

    /** Appended when text was cut. One character, so that it counts as one against a limit. */
    public static final String ELLIPSIS = "…";

    static final String UNTITLED = "(untitled)";

    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(`{3,}|~{3,}).*$");
    private static final Pattern RULE = Pattern.compile("^\\s{0,3}([-*_])(\\s*\\1){2,}\\s*$");
    private static final Pattern SETEXT_UNDERLINE = Pattern.compile("^\\s{0,3}=+\\s*$");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*\\S+.*$");
    private static final Pattern BLOCKQUOTE = Pattern.compile("^\\s*(>\\s?)+");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}(\\s+|$)");
    private static final Pattern CLOSING_HASHES = Pattern.compile("\\s+#+\\s*$");
    private static final Pattern LIST_MARKER = Pattern.compile("^\\s*([-*+]|\\d{1,9}[.)])\\s+(\\[[ xX]\\]\\s+)?");

    private static final Pattern ESCAPE = Pattern.compile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!<>~|])");
    private static final Pattern HTML_COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern AUTOLINK = Pattern.compile("<((?:https?|mailto|ftp):[^<>\\s]+)>");
    private static final String LINK_TARGET = "(?:\\((?:[^()]|\\([^()]*\\))*\\)|\\[[^\\]]*\\])";
    private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)\\]" + LINK_TARGET);
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]" + LINK_TARGET);
    private static final Pattern HTML_TAG = Pattern.compile("</?([A-Za-z][A-Za-z0-9-]*)(?:\\s[^<>]*)?/?>");
    private static final Set<String> BLOCK_TAGS = Set.of("address", "article", "aside", "blockquote", "br", "dd",
            "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
            "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
            "ul");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern STRONG_STARS = Pattern.compile("\\*\\*(?!\\s)(.+?)(?<!\\s)\\*\\*");
    private static final Pattern STRONG_UNDERSCORES = Pattern.compile("(?<![\\w])__(?!\\s)(.+?)(?<!\\s)__(?![\\w])");
    private static final Pattern EMPHASIS_STAR = Pattern.compile("\\*(?!\\s)(.+?)(?<!\\s)\\*");
    // Underscores inside words (snake_case) are not emphasis in CommonMark, and identifiers are common in memories.
    private static final Pattern EMPHASIS_UNDERSCORE = Pattern.compile("(?<![\\w])_(?!\\s)(.+?)(?<!\\s)_(?![\\w])");
    private static final Pattern STRIKETHROUGH = Pattern.compile("~~(?!\\s)(.+?)(?<!\\s)~~");
    private static final Pattern WHITESPACE = Pattern.compile("(?U)\\s+");
    private static final Pattern WORD = Pattern.compile("(?U)\\S+");

    // Escaped characters hide in the Private Use Area while the markup patterns run, so that \* stays a literal star.
    // The cost: a U+E000..U+E07F character already in the input comes out as its ASCII twin, which no one will miss.
    private static final char ESCAPE_BASE = '\uE000';

    private MarkdownText() {
    }

    /**
     * Strips Markdown markup and collapses whitespace, so the result is one line of plain text.
     *
     * <p>Removed: ATX and setext headings' markers, emphasis ({@code *}, {@code _}, {@code **}, {@code __},
     * {@code ~~}), inline code backticks and code fence lines (the code itself stays), links (their text stays),
     * images (their alt text stays), autolinks' angle brackets, blockquote markers, list and task markers,
     * horizontal rules, reference definitions, HTML tags and comments, backslash escapes. The entities
     * {@code &amp; &lt; &gt; &quot; &#39; &nbsp;} are decoded.
     *
     * @param markdown the Markdown text
     * @return the plain text, trimmed, with every run of whitespace (line breaks included) turned into one space
     */
    public static String strip(String markdown) {
        Objects.requireNonNull(markdown, "markdown");
        String text = protectEscapes(markdown.replace("\r\n", "\n").replace('\r', '\n'));
        text = HTML_COMMENT.matcher(text).replaceAll(" ");
        text = stripLines(text);
        text = replace(AUTOLINK, text, m -> m.group(1));
        text = replace(IMAGE, text, m -> m.group(1));
        text = replace(LINK, text, m -> m.group(1));
        text = replace(HTML_TAG, text, m -> BLOCK_TAGS.contains(m.group(1).toLowerCase(Locale.ROOT))
                ? " " : "");
        text = replace(INLINE_CODE, text, m -> m.group(2));
        text = replace(STRONG_STARS, text, m -> m.group(1));
        text = replace(STRONG_UNDERSCORES, text, m -> m.group(1));
        text = replace(EMPHASIS_STAR, text, m -> m.group(1));
        text = replace(EMPHASIS_UNDERSCORE, text, m -> m.group(1));
        text = replace(STRIKETHROUGH, text, m -> m.group(1));
        text = decodeEntities(text);
        text = restoreEscapes(text);
        return oneLine(text);
    }

    /**
     * Cuts text to at most {@code maxChars} Java {@code char}s, the ellipsis included.
     *
     * @param text     the text
     * @param maxChars the limit, at least 1
     * @return the text itself if it fits; else its start, without trailing whitespace and never ending in the
     *         first half of a surrogate pair, followed by {@value #ELLIPSIS}
     */
    public static String truncate(String text, int maxChars) {
        Objects.requireNonNull(text, "text");
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be at least 1, was " + maxChars);
        }
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars - ELLIPSIS.length();
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end).stripTrailing() + ELLIPSIS;
    }

    /**
     * Keeps the first words of a text.
     *
     * @param text     the text; words are runs of non-whitespace
     * @param maxWords how many words to keep, at least 1
     * @return the text itself if it has no more than {@code maxWords} words; else its first {@code maxWords} words
     *         as they stood, followed by {@value #ELLIPSIS}
     */
    public static String firstWords(String text, int maxWords) {
        Objects.requireNonNull(text, "text");
        if (maxWords < 1) {
            throw new IllegalArgumentException("maxWords must be at least 1, was " + maxWords);
        }
        Matcher word = WORD.matcher(text);
        int count = 0;
        int end = 0;
        while (word.find()) {
            if (count == maxWords) {
                return text.substring(0, end).strip() + ELLIPSIS;
            }
            count++;
            end = word.end();
        }
        return text;
    }

    /** Text as one line: whitespace runs, line breaks included, become one space. */
    static String oneLine(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").strip();
    }

    /** A title fit for one list item line: stripped of markup and line breaks, never empty. */
    static String titleLine(String title) {
        String plain = strip(title);
        return plain.isEmpty() ? UNTITLED : plain;
    }

    private static String stripLines(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean inFence = false;
        for (String line : text.split("\n", -1)) {
            if (FENCE.matcher(line).matches()) {
                inFence = !inFence;
                out.append('\n');
                continue;
            }
            // Code keeps its lines: a shell comment is not a heading, a C pointer is not a list.
            out.append(inFence ? line : stripLine(line)).append('\n');
        }
        return out.toString();
    }

    private static String stripLine(String line) {
        if (RULE.matcher(line).matches() || SETEXT_UNDERLINE.matcher(line).matches()
                || REFERENCE_DEFINITION.matcher(line).matches()) {
            return "";
        }
        String result = BLOCKQUOTE.matcher(line).replaceFirst("");
        Matcher heading = HEADING.matcher(result);
        if (heading.find()) {
            result = CLOSING_HASHES.matcher(result.substring(heading.end())).replaceFirst("");
        }
        return LIST_MARKER.matcher(result).replaceFirst("");
    }

    private static String replace(Pattern pattern, String text, Function<MatchResult, String> replacement) {
        return pattern.matcher(text).replaceAll(m -> Matcher.quoteReplacement(replacement.apply(m)));
    }

    private static String protectEscapes(String text) {
        return replace(ESCAPE, text, m -> String.valueOf((char) (ESCAPE_BASE + m.group(1).charAt(0))));
    }

    private static String restoreEscapes(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= ESCAPE_BASE && c < ESCAPE_BASE + 128 ? (char) (c - ESCAPE_BASE) : c);
        }
        return out.toString();
    }

    private static String decodeEntities(String text) {
        // &amp; last, so that "&amp;lt;" becomes the literal "&lt;" and not "<".
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
    }
}
