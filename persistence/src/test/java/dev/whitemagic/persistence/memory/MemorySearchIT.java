package dev.whitemagic.persistence.memory;

import static dev.whitemagic.persistence.TestDatabase.fromTransaction;
import static dev.whitemagic.persistence.TestDatabase.inTransaction;
import static dev.whitemagic.persistence.memory.MemoryRepositoryIT.persisted;
import static dev.whitemagic.persistence.memory.MemoryRepositoryIT.persistedUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.domain.memory.SearchHit;
import dev.whitemagic.domain.memory.SearchPage;
import dev.whitemagic.domain.memory.SearchQuery;
import dev.whitemagic.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

class MemorySearchIT {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    private static SearchPage search(UUID user, String text) {
        return search(user, new SearchQuery(text, null, null, false, 20, null));
    }

    private static SearchPage search(UUID user, SearchQuery query) {
        return fromTransaction(em -> new MemoryRepository(em).search(user, query));
    }

    private static List<UUID> ids(SearchPage page) {
        return page.items().stream().map(hit -> hit.memory().getId()).toList();
    }

    private static Memory memory(UUID user, String title, String content, String... tags) {
        return persisted(user, title, content, MemoryType.SHORT_TERM, List.of(tags), T0);
    }

    @Test
    void search_titleMatch_ranksAboveContentOnlyMatch() {
        UUID user = persistedUser();
        // The content-only match is newer, so only the rank can put the title match first.
        Memory inTitle = persisted(user, "Database migrations", "How we ship schema changes.", MemoryType.SHORT_TERM,
                List.of(), T0);
        Memory inContent = persisted(user, "Release checklist", "Remember the database backup first.",
                MemoryType.SHORT_TERM, List.of(), T0.plusSeconds(10));
        memory(user, "Unrelated", "Nothing to see here.");

        SearchPage page = search(user, "database");

        assertThat(ids(page)).containsExactly(inTitle.getId(), inContent.getId());
        assertThat(page.items().get(0).score()).isGreaterThan(page.items().get(1).score());
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void search_tagMatch_ranksBetweenTitleAndContent() {
        UUID user = persistedUser();
        Memory inContent = persisted(user, "C", "a note about gardening tips", MemoryType.SHORT_TERM, List.of(), T0);
        Memory inTag = persisted(user, "B", "a note", MemoryType.SHORT_TERM, List.of("gardening"), T0);
        Memory inTitle = persisted(user, "Gardening", "a note", MemoryType.SHORT_TERM, List.of(), T0);

        assertThat(ids(search(user, "gardening"))).containsExactly(inTitle.getId(), inTag.getId(), inContent.getId());
    }

    @Test
    void search_phrase_matchesOnlyTheWordsInThatOrder() {
        UUID user = persistedUser();
        Memory phrase = memory(user, "One", "the quick brown fox jumps");
        memory(user, "Two", "the brown quick fox jumps");

        assertThat(ids(search(user, "\"quick brown fox\""))).containsExactly(phrase.getId());
        assertThat(search(user, "quick brown fox").items()).hasSize(2);
    }

    @Test
    void search_or_andExcluded_followWebSearchSyntax() {
        UUID user = persistedUser();
        Memory apples = memory(user, "Apples", "fruit from the orchard");
        Memory pears = memory(user, "Pears", "fruit from the garden");
        Memory both = memory(user, "Apples and pears", "a fruit salad");

        assertThat(ids(search(user, "apples or pears"))).containsExactlyInAnyOrder(apples.getId(), pears.getId(),
                both.getId());
        assertThat(ids(search(user, "fruit -pears"))).containsExactly(apples.getId());
    }

    @Test
    void search_stemming_findsOtherFormsOfAWord() {
        UUID user = persistedUser();
        Memory run = memory(user, "Exercise", "I run every morning");

        assertThat(ids(search(user, "running"))).containsExactly(run.getId());
        assertThat(ids(search(user, "runs"))).containsExactly(run.getId());
    }

    @Test
    void search_snippet_marksTheMatchedWords() {
        UUID user = persistedUser();
        memory(user, "Notes", "Yesterday we talked about the deployment pipeline and its many stages in detail.");

        SearchHit hit = search(user, "pipeline").items().get(0);

        assertThat(hit.snippet()).contains("<<pipeline>>");
    }

    @Test
    void search_snippet_isCutFromTheStartOfLongContent() {
        UUID user = persistedUser();
        // The word appears only after the headline's source window: the memory is found, the snippet has no mark.
        memory(user, "Long", "filler ".repeat(2000) + "needle");

        SearchPage page = search(user, "needle");

        assertThat(page.items()).hasSize(1);
        assertThat(page.items().get(0).snippet()).doesNotContain("<<").isNotEmpty();
    }

    @Test
    void search_typo_kubernets_findsKubernetesNotes() {
        UUID user = persistedUser();
        Memory kubernetes = memory(user, "Kubernetes notes", "pods, services and deployments");
        memory(user, "Grocery list", "milk, eggs");

        // The English stemmer already reduces both spellings to 'kubernet', so full text finds this one.
        assertThat(ids(search(user, "kubernets"))).containsExactly(kubernetes.getId());
    }

    @Test
    void search_typoThatFullTextMisses_fallsBackToTitleSimilarity() {
        UUID user = persistedUser();
        Memory kubernetes = memory(user, "Kubernetes notes", "pods, services and deployments");
        memory(user, "Grocery list", "milk, eggs");

        SearchPage page = search(user, "kuberntes");

        assertThat(ids(page)).containsExactly(kubernetes.getId());
        assertThat(page.items().get(0).snippet()).isEqualTo("Kubernetes notes");
        assertThat(page.items().get(0).score()).isBetween(0.3, 1.0);
    }

    @Test
    void search_sqlInjectionText_isJustText() {
        UUID user = persistedUser();
        Memory memory = memory(user, "Bobby tables", "drop table memories is what the joke is about");

        SearchPage page = search(user, "'); DROP TABLE memories; --");

        assertThat(ids(page)).containsExactly(memory.getId());
        assertThat(TestDatabase.query("SELECT count(*) AS n FROM memories WHERE id = ?", memory.getId()))
                .containsExactly(Map.of("n", 1L));
        assertThat(search(user, "\\'; SELECT pg_sleep(10); --").items()).isEmpty();
    }

    @Test
    void search_includeArchived_showsArchivedMemoriesOnlyWhenAsked() {
        UUID user = persistedUser();
        Memory archived = memory(user, "Archived thought", "an old idea");
        inTransaction(em -> new MemoryRepository(em).find(user, archived.getId()).orElseThrow().archive(T0));

        assertThat(search(user, "thought").items()).isEmpty();
        assertThat(ids(search(user, new SearchQuery("thought", null, null, true, 20, null))))
                .containsExactly(archived.getId());
        assertThat(search(user, new SearchQuery(null, null, null, false, 20, null)).items()).isEmpty();
        assertThat(ids(search(user, new SearchQuery(null, null, null, true, 20, null))))
                .containsExactly(archived.getId());
    }

    @Test
    void search_tagsAndType_narrowTheHits() {
        UUID user = persistedUser();
        Memory tagged = persisted(user, "Cache design", "caching", MemoryType.LONG_TERM, List.of("arch", "perf"), T0);
        persisted(user, "Cache bug", "caching", MemoryType.SHORT_TERM, List.of("perf"), T0);

        assertThat(ids(search(user, new SearchQuery("cache", List.of("arch", "perf"), null, false, 20, null))))
                .containsExactly(tagged.getId());
        assertThat(ids(search(user, new SearchQuery("cache", null, MemoryType.LONG_TERM, false, 20, null))))
                .containsExactly(tagged.getId());
    }

    @Test
    void search_noQuery_isNewestFirst_withScoreZeroAndTheContentsStart() {
        UUID user = persistedUser();
        Memory older = persisted(user, "Old", "short", MemoryType.SHORT_TERM, List.of(), T0);
        Memory newer = persisted(user, "New", "x".repeat(300), MemoryType.SHORT_TERM, List.of(), T0.plusSeconds(1));

        SearchPage page = search(user, new SearchQuery("  ", null, null, false, 20, null));

        assertThat(ids(page)).containsExactly(newer.getId(), older.getId());
        assertThat(page.items()).allSatisfy(hit -> assertThat(hit.score()).isZero());
        assertThat(page.items().get(0).snippet()).isEqualTo("x".repeat(160));
        assertThat(page.items().get(1).snippet()).isEqualTo("short");
    }

    @Test
    void search_pages_coverEveryHitOnce_inRankedAndNewestModes() {
        UUID user = persistedUser();
        List<UUID> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            all.add(persisted(user, "Topic " + i, "shared words about topic " + "more ".repeat(i),
                    MemoryType.SHORT_TERM, List.of(), T0.plusSeconds(i)).getId());
        }
        for (String text : new String[] {"topic", null, "topicc"}) {
            List<UUID> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                SearchPage page = search(user, new SearchQuery(text, null, null, false, 3, cursor));
                seen.addAll(ids(page));
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null);
            assertThat(pages).as(String.valueOf(text)).isEqualTo(3);
            assertThat(seen).as(String.valueOf(text)).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(all);
        }
    }

    @Test
    void search_wordInMoreMemoriesThanAreRanked_ranksTheNewestCandidates_andItsPagesEndThere() {
        UUID user = persistedUser();
        int total = MemoryRepository.RANKED_CANDIDATES + 30;
        // Memory i is i seconds after T0; every one mentions "alpha" in its content, so all of them match.
        TestDatabase.execute("INSERT INTO memories (id, user_id, title, content, type, tags, size_bytes, created_at,"
                + " updated_at) SELECT gen_random_uuid(), '" + user + "', 'Note ' || i, 'alpha beta gamma ' || i,"
                + " 'short_term', '{}', 30, TIMESTAMPTZ '2026-11-25 08:00:00+00' + i * INTERVAL '1 second',"
                + " TIMESTAMPTZ '2026-11-25 08:00:00+00' FROM generate_series(1, " + total + ") AS i");
        Memory oldTitleMatch = persisted(user, "Alpha in the title", "old", MemoryType.SHORT_TERM, List.of(), T0);
        Memory newTitleMatch = persisted(user, "Alpha again", "new", MemoryType.SHORT_TERM, List.of(),
                T0.plusSeconds(total + 1));

        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SearchPage page = search(user, new SearchQuery("alpha", null, null, false, 200, cursor));
            if (pages == 0) {
                assertThat(page.items().get(0).memory().getId()).isEqualTo(newTitleMatch.getId());
            }
            seen.addAll(ids(page));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(seen).doesNotHaveDuplicates().hasSize(MemoryRepository.RANKED_CANDIDATES)
                .doesNotContain(oldTitleMatch.getId());
        assertThat(pages).isEqualTo(3);
        List<Map<String, Object>> newest = TestDatabase.query("SELECT id FROM memories WHERE user_id = ?"
                + " ORDER BY created_at DESC, id DESC LIMIT ?", user, MemoryRepository.RANKED_CANDIDATES);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(newest.stream().map(row -> (UUID) row.get("id")).toList());
    }

    @Test
    void search_typoFallback_matchesTheWholeQuery_notTitlesSharingOneOfItsWords() {
        UUID user = persistedUser();
        Memory replication = memory(user, "Postgres replication lag", "read replicas behind");
        memory(user, "Postgres backups", "nightly dumps");
        memory(user, "Postgres upgrade", "major version");

        SearchPage page = search(user, "postgres replicaton");

        assertThat(ids(page)).containsExactly(replication.getId());
        assertThat(page.items().get(0).snippet()).isEqualTo("Postgres replication lag");
    }

    @Test
    void search_typoFallback_aQueryWordNoTitleHasAnythingLike_isLeftToTheSimilarityRule() {
        UUID user = persistedUser();
        Memory replication = memory(user, "Postgres replication lag", "read replicas behind");

        // "zqxv" is like no word of this user's titles: the title still matches the query as a whole (0.68).
        assertThat(ids(search(user, "postgres replicaton zqxv"))).containsExactly(replication.getId());
        // "restord" is like "restore" (0.6), which no title holds with "postgres": nothing matches, though the
        // replication title shares enough trigrams with the query as a whole (0.69).
        memory(user, "Restore drill", "quarterly");
        assertThat(search(user, "postgres restord").items()).isEmpty();
    }

    @Test
    void search_typoFallback_theStartOfALongWord_findsIt() {
        UUID user = persistedUser();
        Memory kubernetes = memory(user, "Kubernetes notes", "pods");
        memory(user, "Grocery list", "milk");

        // "kub" is too short to be similar to "kubernetes" (0.25), but it is most of its start (0.75).
        assertThat(ids(search(user, "kub"))).containsExactly(kubernetes.getId());
    }

    @Test
    void search_typoFallback_stopWordsOfTheQuery_needNotBeInTheTitle() {
        UUID user = persistedUser();
        Memory kubernetes = memory(user, "Kubernetes notes", "pods");
        memory(user, "On call rota", "who is on call");

        assertThat(ids(search(user, "notes on kuberntes"))).containsExactly(kubernetes.getId());
    }

    @Test
    void search_typoFallback_findsOnlyTheCallersTitles() {
        UUID user = persistedUser();
        UUID other = persistedUser();
        memory(other, "Kubernetes notes", "pods");
        Memory own = memory(user, "Kubernetes upgrade", "nodes");

        assertThat(ids(search(user, "kuberntes"))).containsExactly(own.getId());
        assertThat(search(other, "upgarde").items()).isEmpty();
    }

    @Test
    void search_typoFallback_pagesThroughEveryMatch() {
        UUID user = persistedUser();
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(memory(user, "Kubernetes notes " + i, "pods").getId());
        }

        SearchPage first = search(user, new SearchQuery("kuberntes", null, null, false, 3, null));
        SearchPage second = search(user, new SearchQuery("kuberntes", null, null, false, 3, first.nextCursor()));

        assertThat(first.items()).hasSize(3);
        assertThat(second.nextCursor()).isNull();
        List<UUID> all = new ArrayList<>(ids(first));
        all.addAll(ids(second));
        assertThat(all).containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void search_garbageCursor_isInvalidInput() {
        UUID user = persistedUser();

        assertThatThrownBy(() -> search(user, new SearchQuery("x", null, null, false, 20, "bm9wZQ")))
                .isInstanceOf(InvalidInputException.class);
    }
}
