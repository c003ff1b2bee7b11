package dev.whitemagic.rest.search;

import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.memory.SearchMode;
import dev.whitemagic.domain.memory.SearchPage;
import dev.whitemagic.domain.memory.SearchQuery;
import dev.whitemagic.domain.memory.SearchText;
import dev.whitemagic.persistence.PersistenceConfig;
import dev.whitemagic.persistence.concurrent.Offload;
import dev.whitemagic.persistence.embedding.Embedder;
import dev.whitemagic.persistence.embedding.EmbeddingsUnavailableException;
import dev.whitemagic.persistence.embedding.VectorIndex;
import dev.whitemagic.persistence.memory.MemoryRepository;
import dev.whitemagic.persistence.transaction.FlushBeforeCommit;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * The search use case: one transaction, because a ranked search raises {@code work_mem} for itself with
 * {@code SET LOCAL}, which only a transaction bounds, and may run its typo fallback after the full-text query.
 *
 * <p>By meaning (modes {@code hybrid} and {@code semantic}): the query's words are embedded (quoted phrases unquoted,
 * excluded words left out), the user's nearest memories above {@code wm.search.min-similarity} come from the vectors
 * held in memory, and the repository applies the filters and the query's constraints, fuses with the keyword
 * ranking ({@code hybrid}: ranked by the database meanwhile) and reads the page. With {@code wm.embeddings.enabled=false} a hybrid search is a keyword
 * search and a semantic one is refused; while the model is still loading after a start, the same, but a semantic
 * search is answered 503.
 */
@ApplicationScoped
@FlushBeforeCommit
public class Search {

    @Inject
    MemoryRepository memories;

    @Inject
    Embedder embedder;

    @Inject
    VectorIndex vectors;

    @Inject
    PersistenceConfig config;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ExecutorService executor;

    /** A page of the user's memories that match the query, found as {@code mode} says. */
    @Transactional
    public SearchPage search(UUID userId, SearchQuery query, SearchMode mode) {
        if (mode == SearchMode.SEMANTIC && !config.embeddingsEnabled()) {
            throw new InvalidInputException("mode", "search by meaning is switched off on this server;"
                    + " use hybrid or keyword");
        }
        boolean hasText = query.text() != null && !query.text().isBlank();
        if (!hasText || mode == SearchMode.KEYWORD || !config.embeddingsEnabled()) {
            return memories.search(userId, query);
        }
        if (!embedder.ready()) {
            if (mode == SearchMode.SEMANTIC) {
                throw new EmbeddingsUnavailableException();
            }
            return memories.search(userId, query);
        }
        String meaning = SearchText.meaning(query.text());
        if (mode == SearchMode.SEMANTIC) {
            return memories.searchByMeaning(userId, query, null, nearest(userId, meaning));
        }
        // The two halves of a hybrid search at once: the query's embedding and the scan of the user's vectors on
        // another thread while the database ranks the keyword matches on this one.
        Offload<List<VectorIndex.Match>> nearest = Offload.submit(executor, () -> nearest(userId, meaning));
        MemoryRepository.KeywordRanking keyword = memories.keywordRanking(userId, query);
        return memories.searchByMeaning(userId, query, keyword, nearest.join());
    }

    /** The user's memories nearest in meaning to {@code meaning}, best first (none for an empty text). */
    private List<VectorIndex.Match> nearest(UUID userId, String meaning) {
        return meaning.isEmpty() ? List.of() : vectors.nearest(userId, embedder.embed(meaning),
                (float) config.minSimilarity(), MemoryRepository.RANKED_CANDIDATES);
    }
}
