package dev.whitemagic.rest.context;

import dev.whitemagic.domain.context.ContextComposer;
import dev.whitemagic.domain.context.ContextItem;
import dev.whitemagic.domain.context.ContextPackage;
import dev.whitemagic.domain.context.ContextTier;
import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.domain.memory.SearchHit;
import dev.whitemagic.domain.memory.SearchMode;
import dev.whitemagic.domain.memory.SearchQuery;
import dev.whitemagic.domain.memory.StatusFilter;
import dev.whitemagic.domain.memory.Tags;
import dev.whitemagic.persistence.memory.MemoryRepository;
import dev.whitemagic.persistence.transaction.FlushBeforeCommit;
import dev.whitemagic.rest.search.Search;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Builds a context package from the caller's active memories — the most recent ones, or the best
 * matches of a query — and touches the ones it includes.
 */
@ApplicationScoped
@FlushBeforeCommit
public class ContextPackages {

    private final ContextComposer composer = new ContextComposer();

    @Inject
    MemoryRepository memories;

    @Inject
    Clock clock;

    /** With a query, the memories are the best matches of a hybrid search (by words and by meaning). */
    @Inject
    Search search;

    @Transactional
    public ContextPackage build(UUID userId, ContextTier tier, String query, List<String> rawTags) {
        List<String> tags = Tags.normalise(rawTags);
        String text = query == null || query.isBlank() ? null : query;
        List<ContextItem> shortTerm = select(userId, MemoryType.SHORT_TERM, text, tags, tier.shortTermCount());
        List<ContextItem> longTerm = select(userId, MemoryType.LONG_TERM, text, tags, tier.longTermCount());
        ContextPackage contextPackage = composer.compose(tier, shortTerm, longTerm);
        if (!contextPackage.memoryIds().isEmpty()) {
            memories.touchAccessed(userId, contextPackage.memoryIds(), clock.instant());
        }
        return contextPackage;
    }

    private List<ContextItem> select(UUID userId, MemoryType type, String query, List<String> tags, int count) {
        if (count == 0) {
            return List.of();
        }
        List<Memory> found = query == null
                ? memories.list(userId, type, tags, StatusFilter.ACTIVE, count, null).items()
                : search.search(userId, new SearchQuery(query, tags, type, false, count, null), SearchMode.HYBRID)
                        .items().stream().map(SearchHit::memory).toList();
        return found.stream().map(ContextPackages::item).toList();
    }

    static ContextItem item(Memory memory) {
        return new ContextItem(memory.getId(), memory.getTitle(), memory.getContent(), memory.getTags(),
                memory.getCreatedAt());
    }
}
