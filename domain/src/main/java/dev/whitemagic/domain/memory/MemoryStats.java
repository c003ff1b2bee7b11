package dev.whitemagic.domain.memory;

import java.util.List;

/**
 * A user's memories in numbers.
 *
 * @param shortTermCount active short-term memories
 * @param longTermCount  active long-term memories
 * @param archivedCount  archived memories, of either type
 * @param totalCount     all memories (active and archived)
 * @param totalTags      distinct tags of active memories
 * @param topTags        the (at most) ten most used tags of active memories, by count then tag
 * @param embeddingsPending memories not embedded yet (new, changed, or from before search by meaning)
 */
public record MemoryStats(long shortTermCount, long longTermCount, long archivedCount, long totalCount,
                          long totalTags, List<TagCount> topTags, long embeddingsPending) {

    public MemoryStats {
        topTags = List.copyOf(topTags);
    }
}
