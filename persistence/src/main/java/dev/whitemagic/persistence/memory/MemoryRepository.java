package dev.whitemagic.persistence.memory;

import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.domain.memory.MemoryStatus;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.domain.memory.MemoryStats;
import dev.whitemagic.domain.memory.Page;
import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.embedding.RankFusion;
import dev.whitemagic.domain.memory.SearchHit;
import dev.whitemagic.domain.memory.SearchMatch;
import dev.whitemagic.domain.memory.SearchPage;
import dev.whitemagic.domain.memory.SearchQuery;
import dev.whitemagic.domain.memory.SearchText;
import dev.whitemagic.persistence.embedding.VectorIndex;
import dev.whitemagic.domain.memory.StatusFilter;
import dev.whitemagic.domain.memory.TagCount;
import dev.whitemagic.persistence.limits.StatementTimeouts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.HashSet;
import java.util.Optional;
import java.util.UUID;

/**
 * The memories table. Every method takes the caller's user id and never sees another user's rows: another user's
 * memory is reported exactly like one that does not exist.
 * <p>
 * Plans (docs/memories-query-plans.md, docs/search-benchmark.md): lists walk ix_memories_user_id_created_at_id in
 * order and stop after limit + 1 rows (under 2 ms, keyset pages too). A search finds its candidates in
 * memory_search ({@code 016-memory-search.xml}: id, user, creation time, type, status, tags, title and tsv of every memory, kept in
 * step by triggers on memories, tsv inline): a frequent word walks ix_memory_search_user_id_created_at_id and stops
 * after {@value #RANKED_CANDIDATES} matches, one with a rare word or phrase takes the user's matches from
 * ix_memory_search_user_id_tsv (the typo fallback from ix_memory_search_user_id_title_words, see
 * {@link #titleCandidates}); only the
 * candidates are ranked and at most limit + 1 headlines built (from memories' content); tag counts and stats read the user's rows through the user_id
 * index; touchAccessed finds its rows by primary key.
 */
@ApplicationScoped
public class MemoryRepository {

    /** How much of the content a snippet is cut from: ts_headline over 100,000 characters is slow. */
    static final int HEADLINE_SOURCE_CHARS = 5000;

    /** The length of the snippet of a search without a query. */
    static final int PLAIN_SNIPPET_CHARS = 160;

    private static final String COLUMNS = "m.id, m.user_id, m.title, m.content, m.type, m.tags, m.status,"
            + " m.created_at, m.updated_at, m.accessed_at, m.archived_at, m.original_type, m.size_bytes";

    /**
     * How many matches a ranked search ranks: the user's newest this many. Ranking every match of a word found in
     * most of 100,000 memories means reading all of them (hundreds of milliseconds, docs/search-benchmark.md); the
     * newest 500 are read in index order and ranked in a few milliseconds. Pages of a ranked search end there.
     */
    public static final int RANKED_CANDIDATES = 500;

    /** work_mem of a search's transaction: a bitmap of one user's matches stays exact (not lossy) within it. */
    private static final String SEARCH_WORK_MEM = "16MB";

    /**
     * How many of the user's title words stand in for one query word in the typo fallback, the closest first: a
     * short query word can be close to hundreds of words in a large vocabulary.
     */
    static final int CLOSE_WORDS_PER_QUERY_WORD = 16;

    /**
     * The typo fallback's words, as a tsquery text: for each required word of the query, its closest words among
     * the user's title words OR-ed, the groups AND-ed. Close: trigram similarity at least 0.3 ({@code %}, a
     * misspelling), or word similarity at least 0.6 ({@code %>}: the query word is most of a longer word, "kub" of
     * "kubernetes"), pg_trgm's defaults, both served by ix_memory_title_words_user_id_word_trgm. Words are split as
     * the 'simple' configuration splits them, like memory_title_words and ix_memory_search_user_id_title_words;
     * English stop words are required only when the query has nothing else.
     * <p>
     * NULL, so nothing is searched, when the query words that have a close word hold fewer than 60 % of the query's
     * trigrams: a title is made of the user's title words, and {@code <%} needs 60 % of them in the title (pg_trgm's
     * default word similarity threshold), which the words like no title word can hardly make up. A sentence of
     * which one word is like a title word (a paraphrase for search by meaning, in a hybrid search) ends here, rather
     * than rechecking every title that holds that word.
     * <p>
     * Each word is quoted as a tsquery lexeme (chr(39), a quote, and chr(92), a backslash, doubled), so the text is
     * data, never part of the SQL or of the tsquery's syntax.
     */
    private static final String TITLE_WORDS = "WITH asked AS ("
            + " SELECT w, to_tsvector('english', w) = CAST('' AS tsvector) AS stop"
            + " FROM unnest(tsvector_to_array(to_tsvector('simple', :text))) w),"
            + " close AS (SELECT a.w, a.stop, v.word,"
            + "  row_number() OVER (PARTITION BY a.w"
            + "   ORDER BY word_similarity(a.w, v.word) DESC, similarity(v.word, a.w) DESC, v.word) AS place"
            + "  FROM asked a JOIN memory_title_words v ON v.user_id = :userId AND (v.word % a.w OR v.word %> a.w)),"
            + " groups AS (SELECT c.w, bool_and(c.stop) AS stop, '(' || string_agg(chr(39)"
            + "  || replace(replace(c.word, chr(92), repeat(chr(92), 2)), chr(39), repeat(chr(39), 2)) || chr(39),"
            + "  ' | ' ORDER BY c.word) || ')' AS alternatives FROM close c WHERE c.place <= :variants GROUP BY c.w)"
            + " SELECT CASE WHEN sum(cardinality(show_trgm(g.w))) >= 0.6 * cardinality(show_trgm(:text))"
            + " THEN string_agg(g.alternatives, ' & ') FILTER (WHERE NOT g.stop OR (SELECT bool_and(stop) FROM asked))"
            + " END FROM groups g";

    /** What a sealed cursor is for: a list's cursor does not page a search. */
    private static final String LIST = "list";
    private static final String SEARCH = "search";

    private static final String HEADLINE_OPTIONS = "StartSel=<<,StopSel=>>,MaxFragments=2,MinWords=5,MaxWords=30";

    @PersistenceContext(unitName = "whitemagic")
    EntityManager entityManager;

    /** Read from the database the first time a cursor is sealed or opened; the same on every node. */
    private volatile CursorSeal seal;

    /** For CDI. */
    MemoryRepository() {
    }
    private CursorSeal seal() {
        CursorSeal current = seal;
        if (current == null) {
            byte[] secret = (byte[]) entityManager.createNativeQuery(
                    "SELECT secret FROM server_secrets WHERE name = 'cursor'").getSingleResult();
            current = new CursorSeal(secret);
            seal = current;
        }
        return current;
    }

    /**
     * For use outside a container (tests), with an entity manager whose transactions the caller runs. Public because
     * other modules' tests build their repositories too.
     */
    public MemoryRepository(EntityManager entityManager) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager");
    }

    /**
     * Lifts the statement timeout for the rest of the current transaction, for maintenance a user asks for
     * (consolidation reads every old short-term memory of the user at once).
     */
    public void withoutStatementTimeout() {
        StatementTimeouts.liftForTransaction(entityManager);
    }

    public void persist(Memory memory) {
        entityManager.persist(memory);
    }

    /** @return the memory if it exists and belongs to the user */
    public Optional<Memory> find(UUID userId, UUID id) {
        return entityManager.createQuery("SELECT m FROM Memory m WHERE m.id = :id AND m.userId = :userId", Memory.class)
                .setParameter("id", id)
                .setParameter("userId", userId)
                .getResultStream().findFirst();
    }

    /**
     * Like {@link #find}, but locks the row until the transaction ends, so that a check of its current
     * state (an {@code If-Match} ETag) and the change that follows cannot interleave with another writer.
     */
    public Optional<Memory> findForUpdate(UUID userId, UUID id) {
        return entityManager.createQuery("SELECT m FROM Memory m WHERE m.id = :id AND m.userId = :userId", Memory.class)
                .setParameter("id", id)
                .setParameter("userId", userId)
                .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst();
    }

    /** Removes a memory found (and best locked) in this transaction for good. */
    public void remove(Memory memory) {
        entityManager.remove(Objects.requireNonNull(memory, "memory"));
    }

    /**
     * Removes a memory for good.
     *
     * @return {@code true} if the user had it, {@code false} if not (also when it is another user's)
     */
    public boolean delete(UUID userId, UUID id) {
        Optional<Memory> memory = find(userId, id);
        memory.ifPresent(entityManager::remove);
        return memory.isPresent();
    }

    /**
     * A page of a user's memories, newest first ({@code created_at} then {@code id}, both descending).
     * <p>
     * Keyset pagination: the cursor names the last memory shown and the next page starts strictly after it, so a
     * memory created while a client walks the pages neither shows twice nor pushes another one out of the walk.
     * Plan: Index Scan on ix_memories_user_id_created_at_id (user_id = ? and (created_at, id) &lt; (?, ?) as index
     * condition), type/status/tags as filters, Limit limit + 1.
     *
     * @param type    the type to show, or {@code null} for both
     * @param allTags normalised tags every memory shown must carry; {@code null} or empty for any
     * @param status  which statuses to show
     * @param limit   the page size, as {@link dev.whitemagic.domain.memory.PageSize} allows it
     * @param cursor  the {@code nextCursor} of the previous page, or {@code null} for the first
     * @throws dev.whitemagic.domain.InvalidInputException on {@code cursor} if it is not one this server issued
     */
    public Page<Memory> list(UUID userId, MemoryType type, List<String> allTags, StatusFilter status, int limit,
                             String cursor) {
        Objects.requireNonNull(status, "status");
        String opened = seal().open(LIST, userId, cursor);
        MemoryCursor after = opened == null ? null : MemoryCursor.decode(opened);
        Page<Memory> page = newest(userId, type, allTags, status, limit, after);
        return new Page<>(page.items(), seal().close(LIST, userId, page.nextCursor()));
    }

    /**
     * How many active memories carry each tag, most used first, then by tag (byte order, so the order does not
     * depend on the database's collation). Plan: the user's rows by ix_memories_user_id_created_at_id, unnest, hash
     * aggregate, sort.
     */
    public List<TagCount> tagCounts(UUID userId) {
        List<?> rows = entityManager.createNativeQuery("SELECT t.tag, count(*) AS n"
                        + " FROM memories m CROSS JOIN LATERAL unnest(m.tags) AS t(tag)"
                        + " WHERE m.user_id = :userId AND m.status = 'active'"
                        + " GROUP BY t.tag ORDER BY n DESC, t.tag COLLATE \"C\" ASC")
                .setParameter("userId", userId)
                .getResultList();
        List<TagCount> counts = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            counts.add(new TagCount((String) columns[0], ((Number) columns[1]).longValue()));
        }
        return counts;
    }

    /** The numbers behind {@code GET /stats}: two queries, each over the user's rows only. */
    public MemoryStats stats(UUID userId) {
        Object[] counts = (Object[]) entityManager.createNativeQuery("SELECT"
                        + " count(*) FILTER (WHERE status = 'active' AND type = 'short_term'),"
                        + " count(*) FILTER (WHERE status = 'active' AND type = 'long_term'),"
                        + " count(*) FILTER (WHERE status = 'archived'),"
                        + " count(*),"
                        + " count(*) FILTER (WHERE embedded_version IS DISTINCT FROM updated_at)"
                        + " FROM memories WHERE user_id = :userId")
                .setParameter("userId", userId)
                .getSingleResult();
        List<TagCount> tags = tagCounts(userId);
        return new MemoryStats(((Number) counts[0]).longValue(), ((Number) counts[1]).longValue(),
                ((Number) counts[2]).longValue(), ((Number) counts[3]).longValue(), tags.size(),
                tags.subList(0, Math.min(10, tags.size())), ((Number) counts[4]).longValue());
    }

    /**
     * Searches a user's memories.
     * <ul>
     * <li>With text: full text ({@code websearch_to_tsquery('english', text)} against the stored {@code tsv}: title
     * weight A, tags B, content C): the newest {@value #RANKED_CANDIDATES} matches, ranked by {@code ts_rank_cd}
     * then newest; snippets by {@code ts_headline} over the first {@value #HEADLINE_SOURCE_CHARS} characters of the
     * content, computed for the returned page only.</li>
     * <li>If the first page of full text finds nothing (a typo, or only stop words): titles by trigram word
     * similarity ({@code text <% title}, pg_trgm's default threshold 0.6), the newest {@value #RANKED_CANDIDATES}
     * of them, most similar first, the title as snippet.</li>
     * <li>Without text: newest first, score 0, the first {@value #PLAIN_SNIPPET_CHARS} characters as snippet.</li>
     * </ul>
     * The text is always a bind parameter, never part of the SQL. Ranked results page by an offset carried in an
     * opaque cursor; newest-first results by position, like {@link #list}. Runs in the caller's transaction, whose
     * {@code work_mem} it raises for the ranked queries ({@code SET LOCAL}: it ends with the transaction).
     *
     * @throws dev.whitemagic.domain.InvalidInputException on {@code cursor} if it is not one this server issued
     */
    public SearchPage search(UUID userId, SearchQuery query) {
        Objects.requireNonNull(query, "query");
        String opened = seal().open(SEARCH, userId, query.cursor());
        SearchCursor cursor = opened == null ? null : SearchCursor.decode(opened);
        SearchPage page = searchPage(userId, query, cursor);
        return new SearchPage(page.items(), seal().close(SEARCH, userId, page.nextCursor()));
    }

    private SearchPage searchPage(UUID userId, SearchQuery query, SearchCursor cursor) {
        boolean hasText = query.text() != null && !query.text().isBlank();
        if (!hasText || cursor != null && cursor.mode() == SearchCursor.Mode.NEWEST) {
            return searchNewest(userId, query, cursor == null ? null : cursor.position());
        }
        if (cursor != null && cursor.mode() == SearchCursor.Mode.TRIGRAM) {
            return ranked(userId, query, SearchCursor.Mode.TRIGRAM, cursor.offset());
        }
        SearchPage fullText = ranked(userId, query, SearchCursor.Mode.FULL_TEXT, cursor == null ? 0 : cursor.offset());
        if (fullText.items().isEmpty() && cursor == null) {
            return ranked(userId, query, SearchCursor.Mode.TRIGRAM, 0);
        }
        return fullText;
    }

    /**
     * A page of a search by meaning ({@code hybrid}: fused with the keyword ranking by reciprocal rank fusion).
     * {@code nearest} are the user's memories nearest the query by their best chunk, best first, as many as a search
     * ranks ({@link #RANKED_CANDIDATES}); those the filters or the text's constraints (quoted phrases, excluded
     * words) rule out are dropped here, as are any deleted meanwhile. Pages by offset, like a ranked search.
     *
     * @param keywordRanking the keyword half of a hybrid search ({@link #keywordRanking}); {@code null}: semantic
     * @throws InvalidInputException on {@code cursor} for a cursor of a search of another mode
     */
    public SearchPage searchByMeaning(UUID userId, SearchQuery query, KeywordRanking keywordRanking,
                                      List<VectorIndex.Match> nearest) {
        Objects.requireNonNull(query.text(), "text");
        boolean hybrid = keywordRanking != null;
        String opened = seal().open(SEARCH, userId, query.cursor());
        SearchCursor cursor = opened == null ? null : SearchCursor.decode(opened);
        SearchCursor.Mode mode = hybrid ? SearchCursor.Mode.HYBRID : SearchCursor.Mode.SEMANTIC;
        if (cursor != null && cursor.mode() != mode) {
            throw new InvalidInputException("cursor", "is the cursor of a search in another mode");
        }
        int offset = cursor == null ? 0 : cursor.offset();
        tuneForSearch();

        Map<UUID, VectorIndex.Match> byMeaning = new HashMap<>();
        List<UUID> semantic = new ArrayList<>();
        Set<UUID> admitted = new HashSet<>(
                admitted(userId, query, nearest.stream().map(VectorIndex.Match::memoryId).toList()));
        for (VectorIndex.Match match : nearest) {
            if (admitted.contains(match.memoryId())) {
                semantic.add(match.memoryId());
                byMeaning.put(match.memoryId(), match);
            }
        }
        List<UUID> keyword = hybrid ? keywordRanking.ids() : List.of();
        boolean byTitle = hybrid && keywordRanking.byTitle();
        List<RankFusion.Fused<UUID>> fused = RankFusion.fuse(keyword, semantic);
        int end = Math.min(fused.size(), offset + query.limit());
        List<RankFusion.Fused<UUID>> page = offset >= fused.size() ? List.of() : fused.subList(offset, end);

        List<UUID> ids = page.stream().map(RankFusion.Fused::item).toList();
        Map<UUID, Memory> memories = load(userId, ids);
        Map<UUID, String> marked = byTitle ? Map.of() : headlines(userId, query.text(), page.stream()
                .filter(f -> f.found() != RankFusion.Found.SECOND).map(RankFusion.Fused::item).toList());
        Map<UUID, String> chunkSnippets = chunkSnippets(page.stream().filter(f -> f.found() == RankFusion.Found.SECOND)
                .map(f -> byMeaning.get(f.item())).toList());
        List<SearchHit> hits = new ArrayList<>(page.size());
        for (RankFusion.Fused<UUID> item : page) {
            Memory memory = memories.get(item.item());
            if (memory == null) {
                continue;
            }
            SearchMatch match = switch (item.found()) {
                case FIRST -> SearchMatch.KEYWORD;
                case SECOND -> SearchMatch.SEMANTIC;
                case BOTH -> SearchMatch.BOTH;
            };
            String snippet = match == SearchMatch.SEMANTIC ? chunkSnippets.getOrDefault(item.item(), "")
                    : byTitle ? memory.getTitle() : marked.getOrDefault(item.item(), "");
            double score = hybrid ? item.score() : byMeaning.get(item.item()).similarity();
            hits.add(new SearchHit(memory, score, snippet, match));
        }
        String next = end < fused.size() ? SearchCursor.ranked(mode, end).encode() : null;
        return new SearchPage(hits, seal().close(SEARCH, userId, next));
    }

    /** The keyword half of a hybrid search: ids best first, found by title (the typo fallback) or by full text. */
    public record KeywordRanking(List<UUID> ids, boolean byTitle) {
    }

    /**
     * The best {@link #RANKED_CANDIDATES} keyword matches of a hybrid search: by full text, or, when that finds
     * nothing, by title similarity (the typo fallback), as a keyword search ranks them.
     */
    public KeywordRanking keywordRanking(UUID userId, SearchQuery query) {
        Objects.requireNonNull(query.text(), "text");
        tuneForSearch();
        List<UUID> fullText = rankedIds(userId, query, SearchCursor.Mode.FULL_TEXT);
        return fullText.isEmpty() ? new KeywordRanking(rankedIds(userId, query, SearchCursor.Mode.TRIGRAM), true)
                : new KeywordRanking(fullText, false);
    }

    /**
     * Settings of the ranked queries, for the rest of the caller's transaction: plans are made for this query's
     * words (PgJDBC prepares a statement on the server after 5 runs, and a generic plan cannot know whether a word is
     * in 70 % or 0.1 % of the rows); bitmaps get room to stay exact.
     */
    private void tuneForSearch() {
        entityManager.createNativeQuery("SELECT set_config('plan_cache_mode', 'force_custom_plan', true),"
                + " set_config('work_mem', '" + SEARCH_WORK_MEM + "', true)").getSingleResult();
    }

    /** The ids of the best {@link #RANKED_CANDIDATES} keyword matches, best first. */
    private List<UUID> rankedIds(UUID userId, SearchQuery query, SearchCursor.Mode mode) {
        Map<String, Object> parameters = new HashMap<>();
        StringBuilder candidates = new StringBuilder();
        String sql;
        StatusFilter status = query.includeArchived() ? StatusFilter.ALL : StatusFilter.ACTIVE;
        if (mode == SearchCursor.Mode.FULL_TEXT) {
            candidates.append("SELECT m.id, m.created_at, m.tsv FROM memory_search m");
            where(candidates, parameters, userId, query.type(), query.allTags(), status);
            candidates.append(" AND m.tsv @@ websearch_to_tsquery('english', :text)"
                    + " ORDER BY m.created_at DESC, m.id DESC LIMIT :candidates");
            sql = "WITH candidates AS MATERIALIZED (" + candidates + ")"
                    + " SELECT c.id FROM candidates c ORDER BY ts_rank_cd(c.tsv, websearch_to_tsquery('english',"
                    + " :text)) DESC, c.created_at DESC, c.id DESC";
        } else {
            if (!titleCandidates(candidates, parameters, userId, query, status)) {
                return List.of();
            }
            sql = "WITH candidates AS MATERIALIZED (" + candidates + ")"
                    + " SELECT c.id FROM candidates c"
                    + " ORDER BY word_similarity(:text, c.title) DESC, c.created_at DESC, c.id DESC";
        }
        parameters.put("candidates", RANKED_CANDIDATES);
        parameters.put("text", query.text());
        Query statement = entityManager.createNativeQuery(sql);
        parameters.forEach(statement::setParameter);
        return statement.getResultList().stream().map(MemoryRepository::uuid).toList();
    }

    /**
     * The typo fallback's candidates: the newest {@value #RANKED_CANDIDATES} titles that match the query by trigram
     * word similarity ({@code text <% title}: how well the query matches the most similar run of words of the title,
     * pg_trgm's default threshold 0.6), so "kuberntes" finds "Kubernetes notes" (0.8) while one shared word of a
     * longer query does not pull in every title that contains it.
     * <p>
     * The rows to check are found by whole words, not by trigrams: each word of the query (its English stop words
     * aside, unless it has nothing else) is first matched against the words of the user's own titles
     * ({@link #TITLE_WORDS}), and a title is a candidate when it holds a close word for every query word that has
     * one. A query word with no close word anywhere in the user's titles is left out of that test (the similarity
     * rule still counts it). So "postgres replicaton" reads the titles holding "postgres" and "replication" or
     * "replica" (~1,000 of a user's 100,000), where pg_trgm's index named every title sharing enough trigrams
     * ("postgres restore" too, ~3,000), from posting lists spanning every user's titles.
     *
     * @return false when the query's words are too unlike the user's title words for any title to match
     */
    private boolean titleCandidates(StringBuilder candidates, Map<String, Object> parameters, UUID userId,
                                    SearchQuery query, StatusFilter status) {
        Object words = entityManager.createNativeQuery(TITLE_WORDS)
                .setParameter("userId", userId)
                .setParameter("text", query.text())
                .setParameter("variants", CLOSE_WORDS_PER_QUERY_WORD)
                .getSingleResult();
        if (words == null) {
            return false;
        }
        candidates.append("SELECT m.id, m.created_at, m.title FROM memory_search m");
        where(candidates, parameters, userId, query.type(), query.allTags(), status);
        candidates.append(" AND to_tsvector('simple', m.title) @@ CAST(:titleWords AS tsquery)"
                + " AND :text <% m.title ORDER BY m.created_at DESC, m.id DESC LIMIT :candidates");
        parameters.put("titleWords", words);
        return true;
    }

    /** Which of these memories the search's filters and its text's constraints let through. */
    private List<UUID> admitted(UUID userId, SearchQuery query, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Object> parameters = new HashMap<>();
        // A join from the ids, not "id = ANY(...)": with hundreds of ids the planner would AND a bitmap of the
        // user's every row with theirs (10 ms and more for a user with 100,000 memories, instead of 2).
        StringBuilder sql = new StringBuilder("SELECT m.id FROM unnest(CAST(string_to_array(:ids, ',') AS uuid[]))"
                + " AS wanted(id) JOIN memory_search m ON m.id = wanted.id");
        where(sql, parameters, userId, query.type(), query.allTags(),
                query.includeArchived() ? StatusFilter.ALL : StatusFilter.ACTIVE);
        parameters.put("ids", joined(ids));
        String constraints = SearchText.constraints(query.text());
        if (!constraints.isEmpty()) {
            sql.append(" AND m.tsv @@ websearch_to_tsquery('english', :constraints)");
            parameters.put("constraints", constraints);
        }
        Query statement = entityManager.createNativeQuery(sql.toString());
        parameters.forEach(statement::setParameter);
        return statement.getResultList().stream().map(MemoryRepository::uuid).toList();
    }

    /** The content excerpts with the query's words marked, as a keyword search shows them. */
    private Map<UUID, String> headlines(UUID userId, String text, List<UUID> ids) {
        Map<UUID, String> headlines = new HashMap<>();
        if (ids.isEmpty()) {
            return headlines;
        }
        Query statement = entityManager.createNativeQuery("SELECT m.id, ts_headline('english', left(m.content, "
                        + HEADLINE_SOURCE_CHARS + "), websearch_to_tsquery('english', :text), :options)"
                        + " FROM memories m WHERE m.user_id = :userId"
                        + " AND m.id = ANY(CAST(string_to_array(:ids, ',') AS uuid[]))")
                .setParameter("text", text)
                .setParameter("options", HEADLINE_OPTIONS)
                .setParameter("userId", userId)
                .setParameter("ids", joined(ids));
        for (Object row : statement.getResultList()) {
            Object[] columns = (Object[]) row;
            headlines.put(uuid(columns[0]), (String) columns[1]);
        }
        return headlines;
    }

    /** The start of each match's chunk. */
    private Map<UUID, String> chunkSnippets(List<VectorIndex.Match> matches) {
        Map<UUID, String> snippets = new HashMap<>();
        if (matches.isEmpty()) {
            return snippets;
        }
        Map<UUID, Integer> chunkOf = new HashMap<>();
        matches.forEach(match -> chunkOf.put(match.memoryId(), match.chunk()));
        Query statement = entityManager.createNativeQuery("SELECT e.memory_id, e.chunk, e.snippet"
                        + " FROM memory_embeddings e WHERE e.memory_id = ANY(CAST(string_to_array(:ids, ',') AS uuid[]))")
                .setParameter("ids", joined(chunkOf.keySet()));
        for (Object row : statement.getResultList()) {
            Object[] columns = (Object[]) row;
            UUID id = uuid(columns[0]);
            if (chunkOf.get(id) == ((Number) columns[1]).intValue()) {
                snippets.put(id, (String) columns[2]);
            }
        }
        return snippets;
    }

    private static String joined(Collection<UUID> ids) {
        StringBuilder joined = new StringBuilder(ids.size() * 37);
        for (UUID id : ids) {
            joined.append(joined.length() == 0 ? "" : ",").append(id);
        }
        return joined.toString();
    }

    /**
     * Records that the memories were read, in one UPDATE; {@code accessed_at} only moves forward. Memories that are
     * not the user's are skipped. Entities already loaded in this persistence context are not refreshed.
     */
    public void touchAccessed(UUID userId, Collection<UUID> ids, Instant at) {
        Objects.requireNonNull(at, "at");
        if (ids.isEmpty()) {
            return;
        }
        entityManager.createQuery("UPDATE Memory m SET m.accessedAt = :at WHERE m.userId = :userId AND m.id IN :ids"
                        + " AND (m.accessedAt IS NULL OR m.accessedAt < :at)")
                .setParameter("at", at)
                .setParameter("userId", userId)
                .setParameter("ids", ids)
                .executeUpdate();
    }

    /**
     * What consolidation archives: the user's active short-term memories created before the cutoff, oldest first.
     */
    /**
     * Locks the rows {@link #activeShortTermCreatedBefore} would read, until the transaction ends, one after the other
     * in the order of their ids: the order in which the embedding worker locks the memories it writes, so the two
     * wait for each other rather than deadlock.
     */
    public void lockActiveShortTermCreatedBefore(UUID userId, Instant cutoff) {
        entityManager.createNativeQuery("SELECT id FROM memories WHERE user_id = :userId AND status = 'active'"
                        + " AND type = 'short_term' AND created_at < :cutoff ORDER BY id FOR UPDATE")
                .setParameter("userId", userId)
                .setParameter("cutoff", cutoff)
                .getResultList();
    }

    public List<Memory> activeShortTermCreatedBefore(UUID userId, Instant cutoff) {
        return entityManager.createQuery("SELECT m FROM Memory m WHERE m.userId = :userId AND m.status = :status"
                        + " AND m.type = :type AND m.createdAt < :cutoff ORDER BY m.createdAt, m.id", Memory.class)
                .setParameter("userId", userId)
                .setParameter("status", MemoryStatus.ACTIVE)
                .setParameter("type", MemoryType.SHORT_TERM)
                .setParameter("cutoff", cutoff)
                .getResultList();
    }

    private Page<Memory> newest(UUID userId, MemoryType type, List<String> allTags, StatusFilter status, int limit,
                                MemoryCursor after) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM memories m");
        Map<String, Object> parameters = new HashMap<>();
        where(sql, parameters, userId, type, allTags, status);
        if (after != null) {
            // A row comparison, which the index (user_id, created_at DESC, id DESC) answers as one range.
            sql.append(" AND (m.created_at, m.id) < (:afterCreatedAt, :afterId)");
            parameters.put("afterCreatedAt", after.createdAt());
            parameters.put("afterId", after.id());
        }
        sql.append(" ORDER BY m.created_at DESC, m.id DESC LIMIT :limit");
        parameters.put("limit", limit + 1);
        Query query = entityManager.createNativeQuery(sql.toString(), Memory.class);
        parameters.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Memory> rows = query.getResultList();
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<Memory> page = rows.subList(0, limit);
        Memory last = page.get(limit - 1);
        return new Page<>(page, new MemoryCursor(last.getCreatedAt(), last.getId()).encode());
    }

    private SearchPage searchNewest(UUID userId, SearchQuery query, MemoryCursor after) {
        Page<Memory> page = newest(userId, query.type(), query.allTags(),
                query.includeArchived() ? StatusFilter.ALL : StatusFilter.ACTIVE, query.limit(), after);
        List<SearchHit> hits = page.items().stream()
                .map(memory -> new SearchHit(memory, 0, prefix(memory.getContent(), PLAIN_SNIPPET_CHARS)))
                .toList();
        String next = page.nextCursor() == null ? null
                : SearchCursor.newest(MemoryCursor.decode(page.nextCursor())).encode();
        return new SearchPage(hits, next);
    }

    /**
     * One page of ranked hits. The inner query ranks the matching rows and keeps limit + 1 of them; only then are
     * snippets built, so ts_headline runs on at most limit + 1 rows.
     * Plans: see the class comment.
     */
    private SearchPage ranked(UUID userId, SearchQuery query, SearchCursor.Mode mode, int offset) {
        if (offset >= RANKED_CANDIDATES) {
            return new SearchPage(List.of(), null);
        }
        tuneForSearch();
        Map<String, Object> parameters = new HashMap<>();
        StringBuilder candidates = new StringBuilder();
        String sql;
        if (mode == SearchCursor.Mode.FULL_TEXT) {
            // Candidates come from memory_search (016-memory-search.xml: the searched columns of each memory, tsv inline
            // rather than in TOAST, kept in step by triggers); only the page's rows are read from memories.
            // The query is written out, not read from a CTE, so the planner sees the words and their frequency:
            // a frequent word walks the user's rows newest first and stops after RANKED_CANDIDATES matches, a rare
            // one takes its few rows from ix_memory_search_user_id_tsv.
            candidates.append("SELECT m.id, m.created_at, m.tsv FROM memory_search m");
            where(candidates, parameters, userId, query.type(), query.allTags(),
                    query.includeArchived() ? StatusFilter.ALL : StatusFilter.ACTIVE);
            candidates.append(" AND m.tsv @@ websearch_to_tsquery('english', :text)"
                    + " ORDER BY m.created_at DESC, m.id DESC LIMIT :candidates");
            sql = "WITH candidates AS MATERIALIZED (" + candidates + "),"
                    + " page AS (SELECT c.id, c.created_at,"
                    + " ts_rank_cd(c.tsv, websearch_to_tsquery('english', :text)) AS score FROM candidates c"
                    + " ORDER BY score DESC, c.created_at DESC, c.id DESC LIMIT :limit OFFSET :offset)"
                    + " SELECT p.id, CAST(p.score AS double precision) AS score,"
                    + " ts_headline('english', left(m.content, " + HEADLINE_SOURCE_CHARS + "),"
                    + " websearch_to_tsquery('english', :text), :options) AS snippet"
                    + " FROM page p JOIN memories m ON m.id = p.id"
                    + " ORDER BY p.score DESC, p.created_at DESC, p.id DESC";
            parameters.put("options", HEADLINE_OPTIONS);
        } else {
            if (!titleCandidates(candidates, parameters, userId, query,
                    query.includeArchived() ? StatusFilter.ALL : StatusFilter.ACTIVE)) {
                return new SearchPage(List.of(), null);
            }
            sql = "WITH candidates AS MATERIALIZED (" + candidates + ")"
                    + " SELECT c.id, CAST(word_similarity(:text, c.title) AS double precision) AS score,"
                    + " c.title AS snippet FROM candidates c"
                    + " ORDER BY score DESC, c.created_at DESC, c.id DESC LIMIT :limit OFFSET :offset";
        }
        parameters.put("candidates", RANKED_CANDIDATES);
        parameters.put("text", query.text());
        parameters.put("limit", query.limit() + 1);
        parameters.put("offset", offset);
        Query statement = entityManager.createNativeQuery(sql);
        parameters.forEach(statement::setParameter);
        List<?> rows = statement.getResultList();

        boolean more = rows.size() > query.limit();
        List<?> pageRows = more ? rows.subList(0, query.limit()) : rows;
        List<UUID> ids = new ArrayList<>(pageRows.size());
        for (Object row : pageRows) {
            ids.add(uuid(((Object[]) row)[0]));
        }
        Map<UUID, Memory> memories = load(userId, ids);
        List<SearchHit> hits = new ArrayList<>(pageRows.size());
        for (Object row : pageRows) {
            Object[] columns = (Object[]) row;
            Memory memory = memories.get(uuid(columns[0]));
            // Deleted between the two queries: skip it rather than fail the search.
            if (memory != null) {
                hits.add(new SearchHit(memory, ((Number) columns[1]).doubleValue(), (String) columns[2]));
            }
        }
        String next = more ? SearchCursor.ranked(mode, offset + query.limit()).encode() : null;
        return new SearchPage(hits, next);
    }

    private Map<UUID, Memory> load(UUID userId, List<UUID> ids) {
        Map<UUID, Memory> byId = new HashMap<>();
        if (ids.isEmpty()) {
            return byId;
        }
        entityManager.createQuery("SELECT m FROM Memory m WHERE m.userId = :userId AND m.id IN :ids", Memory.class)
                .setParameter("userId", userId)
                .setParameter("ids", ids)
                .getResultList()
                .forEach(memory -> byId.put(memory.getId(), memory));
        return byId;
    }

    /** Appends the WHERE clause shared by lists and searches; every value is a bind parameter. */
    private static void where(StringBuilder sql, Map<String, Object> parameters, UUID userId, MemoryType type,
                              List<String> allTags, StatusFilter status) {
        sql.append(" WHERE m.user_id = :userId");
        parameters.put("userId", Objects.requireNonNull(userId, "userId"));
        if (type != null) {
            sql.append(" AND m.type = :type");
            parameters.put("type", type.value());
        }
        if (status != StatusFilter.ALL) {
            sql.append(" AND m.status = :status");
            parameters.put("status", status == StatusFilter.ACTIVE ? MemoryStatus.ACTIVE.value()
                    : MemoryStatus.ARCHIVED.value());
        }
        if (allTags != null && !allTags.isEmpty()) {
            // One scalar parameter per tag (at most 50): portable across drivers, unlike binding a Java array.
            sql.append(" AND m.tags @> CAST(ARRAY[");
            for (int i = 0; i < allTags.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(":tag").append(i);
                parameters.put("tag" + i, allTags.get(i));
            }
            sql.append("] AS text[])");
        }
    }

    private static UUID uuid(Object value) {
        return value instanceof UUID id ? id : UUID.fromString(value.toString());
    }

    /** The first characters of a text, never cutting a surrogate pair in two. */
    private static String prefix(String text, int codePoints) {
        if (text.codePointCount(0, text.length()) <= codePoints) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, codePoints));
    }
}
