package dev.whitemagic.domain.memory;


/**
 * One search result.
 *
 * @param memory  the memory found
 * @param score   full-text rank ({@code ts_rank_cd}), title similarity (0–1) in the typo fallback, or 0 without a
 *                query; comparable only within one page
 * @param snippet an excerpt with the matched words marked {@code <<word>>}; the title in the typo fallback; the first
 *                160 characters of the content without a query
 */
public record SearchHit(Memory memory, double score, String snippet) {
}
