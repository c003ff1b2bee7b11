package dev.whitemagic.domain.context;

/** How much of a memory's text a context package shows. Every rendering works on text already stripped of markup. */
public enum Rendering {

    /**
     * The first {@value #SUMMARY_WORDS} words, and never more than {@value #FULL_CHARS} characters, so that a text
     * without spaces cannot bring its whole length in as one "word".
     */
    SUMMARY,
    /** At most {@value #DETAILED_CHARS} characters. */
    DETAILED,
    /** At most {@value #FULL_CHARS} characters. */
    FULL;

    public static final int SUMMARY_WORDS = 80;
    public static final int DETAILED_CHARS = 1_200;
    public static final int FULL_CHARS = 2_000;

    /**
     * @param plainText text already stripped of markup ({@link MarkdownText#strip(String)})
     * @return the text cut to this rendering's size, ending with {@code …} if anything was cut
     */
    public String render(String plainText) {
        return switch (this) {
            case SUMMARY -> MarkdownText.truncate(MarkdownText.firstWords(plainText, SUMMARY_WORDS), FULL_CHARS);
            case DETAILED -> MarkdownText.truncate(plainText, DETAILED_CHARS);
            case FULL -> MarkdownText.truncate(plainText, FULL_CHARS);
        };
    }
}
