package dev.whitemagic.domain.embedding;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts what a memory says into the texts its embeddings are computed from.
 *
 * <p>A sentence-embedding model reads a limited window (all-MiniLM-L6-v2: 256 word pieces, about 180 English
 * words) and ignores the rest, so content longer than {@link #WORDS_PER_CHUNK} words is cut into overlapping
 * chunks, and a memory scores by its best chunk. Each chunk starts with the title, so that a chunk from the middle
 * of a long text still says what it is about; the first chunk ends with the tags as hashtags. (Of the layouts tried
 * on the labelled set in bench/semantic, {@code Title: content #tag #tag} ranked paraphrases best.)
 */
public final class Chunks {

    /** Words of content in one chunk: with the title, within the model's window for ordinary English. */
    public static final int WORDS_PER_CHUNK = 120;

    /** Words a chunk repeats from the end of the one before, so that no sentence is only ever seen cut in two. */
    public static final int OVERLAP_WORDS = 20;

    /** The chunks of one memory, at most: content past them is not embedded (about 20,000 words). */
    public static final int MAX_CHUNKS = 200;

    /** How much of a chunk's content a search shows as its snippet. */
    public static final int SNIPPET_LENGTH = 160;

    /**
     * One chunk.
     *
     * @param text    what the model embeds
     * @param snippet the start of the chunk's content, for a search result that matched it
     */
    public record Chunk(String text, String snippet) {
    }

    private Chunks() {
    }

    /**
     * @param title   the memory's title
     * @param tags    its tags
     * @param content its content
     * @return one chunk at least (a memory with empty content is embedded by its title and tags)
     */
    public static List<Chunk> of(String title, List<String> tags, String content) {
        String[] words = content == null || content.isBlank() ? new String[0] : content.strip().split("\\s+");
        String head = title == null ? "" : title.strip();
        String tagLine = tags == null || tags.isEmpty() ? "" : " #" + String.join(" #", tags);
        List<Chunk> chunks = new ArrayList<>();
        int step = WORDS_PER_CHUNK - OVERLAP_WORDS;
        int start = 0;
        do {
            int end = Math.min(words.length, start + WORDS_PER_CHUNK);
            String body = String.join(" ", java.util.Arrays.copyOfRange(words, start, end));
            String text = (body.isEmpty() ? head : head.isEmpty() ? body : head + ": " + body)
                    + (chunks.isEmpty() ? tagLine : "");
            chunks.add(new Chunk(text, snippet(body.isEmpty() ? head : body)));
            if (end == words.length) {
                break;
            }
            start += step;
        } while (chunks.size() < MAX_CHUNKS);
        return List.copyOf(chunks);
    }

    private static String snippet(String text) {
        if (text.codePointCount(0, text.length()) <= SNIPPET_LENGTH) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, SNIPPET_LENGTH));
    }
}
