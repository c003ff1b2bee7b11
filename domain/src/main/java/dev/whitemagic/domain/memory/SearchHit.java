package dev.whitemagic.domain.memory;


/**
 * One search result.
 *
 * @param memory  the memory found
 * @param score   full-text rank ({@code ts_rank_cd}), title similarity (0–1) in the typo fallback, cosine similarity
 *                by meaning alone, the fused reciprocal-rank score in a hybrid search, or 0 without a query;
 *                comparable only within one page
 * @param snippet an excerpt with the matched words marked {@code <<word>>}; the title in the typo fallback; the start
 *                of the best-matching chunk, unmarked, for a match by meaning alone; the first 160 characters of the
 *                content without a query
 * @param match   how it was found
 */
public record SearchHit(Memory memory, double score, String snippet, SearchMatch match) {

    /** A hit found by its words. */
    public SearchHit(Memory memory, double score, String snippet) {
        this(memory, score, snippet, SearchMatch.KEYWORD);
    }
}
