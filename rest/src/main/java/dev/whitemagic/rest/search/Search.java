package dev.whitemagic.rest.search;

import dev.whitemagic.domain.memory.SearchPage;
import dev.whitemagic.domain.memory.SearchQuery;
import dev.whitemagic.persistence.memory.MemoryRepository;
import dev.whitemagic.persistence.transaction.FlushBeforeCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * The search use case: one transaction, because a ranked search raises {@code work_mem} for itself with
 * {@code SET LOCAL}, which only a transaction bounds, and may run its typo fallback after the full-text query.
 */
@ApplicationScoped
@FlushBeforeCommit
public class Search {

    @Inject
    MemoryRepository memories;

    /** A page of the user's memories that match the query. */
    @Transactional
    public SearchPage search(UUID userId, SearchQuery query) {
        return memories.search(userId, query);
    }
}
