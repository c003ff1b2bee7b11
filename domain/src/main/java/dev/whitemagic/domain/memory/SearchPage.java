package dev.whitemagic.domain.memory;

import java.util.List;

/**
 * One page of search results.
 *
 * @param items      the hits, best first
 * @param nextCursor the opaque cursor of the next page, or {@code null} if this is the last one
 */
public record SearchPage(List<SearchHit> items, String nextCursor) {

    public SearchPage {
        items = List.copyOf(items);
    }
}
