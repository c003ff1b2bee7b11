package dev.whitemagic.persistence.memory;

import static dev.whitemagic.persistence.TestDatabase.fromTransaction;
import static dev.whitemagic.persistence.TestDatabase.inTransaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.domain.memory.MemoryEdit;
import dev.whitemagic.domain.memory.MemoryStatus;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.domain.memory.MemoryStats;
import dev.whitemagic.domain.memory.Page;
import dev.whitemagic.domain.memory.SearchQuery;
import dev.whitemagic.domain.memory.StatusFilter;
import dev.whitemagic.domain.memory.TagCount;
import dev.whitemagic.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

class MemoryRepositoryIT {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    static UUID persistedUser() {
        User user = new User("memories-" + UUID.randomUUID() + "@example.com", T0);
        inTransaction(em -> em.persist(user));
        return user.getId();
    }

    static Memory persisted(UUID userId, String title, String content, MemoryType type, List<String> tags,
                            Instant createdAt) {
        Memory memory = new Memory(userId, title, content, type, tags, createdAt);
        inTransaction(em -> new MemoryRepository(em).persist(memory));
        return memory;
    }

    private static Memory persisted(UUID userId, Instant createdAt, String... tags) {
        return persisted(userId, "Title " + createdAt, "Content", MemoryType.SHORT_TERM, List.of(tags), createdAt);
    }

    private static <T> T repo(java.util.function.Function<MemoryRepository, T> work) {
        return fromTransaction(em -> work.apply(new MemoryRepository(em)));
    }

    private static List<UUID> ids(List<Memory> memories) {
        return memories.stream().map(Memory::getId).toList();
    }

    @Test
    void persist_find_roundTripsEveryField() {
        UUID user = persistedUser();
        Memory memory = persisted(user, "Grüße", "Some content", MemoryType.LONG_TERM, List.of("a", "b c"),
                T0.plusNanos(1_234_567));

        Memory loaded = repo((MemoryRepository r) -> r.find(user, memory.getId())).orElseThrow();

        assertThat(loaded.getTitle()).isEqualTo("Grüße");
        assertThat(loaded.getContent()).isEqualTo("Some content");
        assertThat(loaded.getType()).isEqualTo(MemoryType.LONG_TERM);
        assertThat(loaded.getStatus()).isEqualTo(MemoryStatus.ACTIVE);
        assertThat(loaded.getTags()).containsExactly("a", "b_c");
        assertThat(loaded.getCreatedAt()).isEqualTo(memory.getCreatedAt());
        assertThat(loaded.getSizeBytes()).isEqualTo(memory.getSizeBytes()).isEqualTo(7 + 12 + 1 + 3);
        assertThat(loaded.etag()).isEqualTo(memory.etag());
    }

    @Test
    void edit_archive_restore_arePersisted() {
        UUID user = persistedUser();
        Memory memory = persisted(user, T0);

        inTransaction(em -> {
            Memory m = new MemoryRepository(em).find(user, memory.getId()).orElseThrow();
            m.edit(new MemoryEdit("New title", null, MemoryType.LONG_TERM, List.of("x"), null, null), T0.plusSeconds(1));
            m.archive(T0.plusSeconds(2));
        });
        Memory archived = repo((MemoryRepository r) -> r.find(user, memory.getId())).orElseThrow();
        assertThat(archived.getTitle()).isEqualTo("New title");
        assertThat(archived.getStatus()).isEqualTo(MemoryStatus.ARCHIVED);
        assertThat(archived.getArchivedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(archived.getOriginalType()).isEqualTo(MemoryType.LONG_TERM);

        inTransaction(em -> new MemoryRepository(em).find(user, memory.getId()).orElseThrow()
                .restore(T0.plusSeconds(3)));
        Memory restored = repo((MemoryRepository r) -> r.find(user, memory.getId())).orElseThrow();
        assertThat(restored.getStatus()).isEqualTo(MemoryStatus.ACTIVE);
        assertThat(restored.getArchivedAt()).isNull();
    }

    @Test
    void delete_removesOnlyTheOwnersMemory() {
        UUID owner = persistedUser();
        UUID stranger = persistedUser();
        Memory memory = persisted(owner, T0);

        assertThat(repo((MemoryRepository r) -> r.delete(stranger, memory.getId()))).isFalse();
        assertThat(repo((MemoryRepository r) -> r.find(owner, memory.getId()))).isPresent();
        assertThat(repo((MemoryRepository r) -> r.delete(owner, memory.getId()))).isTrue();
        assertThat(repo((MemoryRepository r) -> r.find(owner, memory.getId()))).isEmpty();
        assertThat(repo((MemoryRepository r) -> r.delete(owner, memory.getId()))).isFalse();
    }

    @Test
    void anotherUsersMemory_isNeverFoundListedCountedOrSearched() {
        UUID owner = persistedUser();
        UUID stranger = persistedUser();
        Memory memory = persisted(owner, "Secret plans", "the secret content", MemoryType.SHORT_TERM,
                List.of("secret"), T0);

        assertThat(repo((MemoryRepository r) -> r.find(stranger, memory.getId()))).isEmpty();
        assertThat(repo((MemoryRepository r) -> r.list(stranger, null, null, StatusFilter.ALL, 50, null)).items()).isEmpty();
        assertThat(repo((MemoryRepository r) -> r.tagCounts(stranger))).isEmpty();
        assertThat(repo((MemoryRepository r) -> r.stats(stranger))).isEqualTo(new MemoryStats(0, 0, 0, 0, 0, List.of(), 0));
        assertThat(repo((MemoryRepository r) -> r.search(stranger, new SearchQuery("secret", null, null, true, 20, null))).items())
                .isEmpty();
        assertThat(repo((MemoryRepository r) -> r.search(stranger, new SearchQuery("secrte plans", null, null, true, 20, null))).items())
                .isEmpty();
        assertThat(repo((MemoryRepository r) -> r.search(stranger, new SearchQuery(null, null, null, true, 20, null))).items()).isEmpty();
        assertThat(repo((MemoryRepository r) -> r.activeShortTermCreatedBefore(stranger, T0.plusSeconds(1)))).isEmpty();

        inTransaction(em -> new MemoryRepository(em).touchAccessed(stranger, List.of(memory.getId()), T0));
        assertThat(repo((MemoryRepository r) -> r.find(owner, memory.getId())).orElseThrow().getAccessedAt()).isNull();
    }

    @Test
    void list_filtersByTypeStatusAndAllTags_newestFirst() {
        UUID user = persistedUser();
        Memory shortAb = persisted(user, "s1", "c", MemoryType.SHORT_TERM, List.of("a", "b"), T0);
        Memory longA = persisted(user, "l1", "c", MemoryType.LONG_TERM, List.of("a"), T0.plusSeconds(1));
        Memory shortB = persisted(user, "s2", "c", MemoryType.SHORT_TERM, List.of("b"), T0.plusSeconds(2));
        Memory archivedA = persisted(user, "s3", "c", MemoryType.SHORT_TERM, List.of("a", "b"), T0.plusSeconds(3));
        inTransaction(em -> new MemoryRepository(em).find(user, archivedA.getId()).orElseThrow()
                .archive(T0.plusSeconds(4)));

        assertThat(ids(repo((MemoryRepository r) -> r.list(user, null, null, StatusFilter.ACTIVE, 50, null)).items()))
                .containsExactly(shortB.getId(), longA.getId(), shortAb.getId());
        assertThat(ids(repo((MemoryRepository r) -> r.list(user, null, null, StatusFilter.ALL, 50, null)).items()))
                .containsExactly(archivedA.getId(), shortB.getId(), longA.getId(), shortAb.getId());
        assertThat(ids(repo((MemoryRepository r) -> r.list(user, null, null, StatusFilter.ARCHIVED, 50, null)).items()))
                .containsExactly(archivedA.getId());
        assertThat(ids(repo((MemoryRepository r) -> r.list(user, MemoryType.SHORT_TERM, null, StatusFilter.ACTIVE, 50, null)).items()))
                .containsExactly(shortB.getId(), shortAb.getId());
        assertThat(ids(repo((MemoryRepository r) -> r.list(user, null, List.of("a", "b"), StatusFilter.ALL, 50, null)).items()))
                .containsExactly(archivedA.getId(), shortAb.getId());
        assertThat(ids(repo((MemoryRepository r) -> r.list(user, MemoryType.LONG_TERM, List.of("a"), StatusFilter.ACTIVE, 50, null))
                .items())).containsExactly(longA.getId());
        assertThat(repo((MemoryRepository r) -> r.list(user, null, List.of("nope"), StatusFilter.ALL, 50, null)).items()).isEmpty();
    }

    @Test
    void list_paginationWalk_yieldsEveryMemoryOnce_evenWithInsertsBetweenPages() {
        UUID user = persistedUser();
        List<UUID> existing = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // Several memories share a created_at, so the walk relies on id as the tie-breaker.
            existing.add(persisted(user, T0.plusSeconds(i / 3)).getId());
        }

        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String current = cursor;
            Page<Memory> page = repo((MemoryRepository r) -> r.list(user, null, null, StatusFilter.ACTIVE, 10, current));
            seen.addAll(ids(page.items()));
            cursor = page.nextCursor();
            pages++;
            // A newer memory arrives while the client walks: it belongs before the first page, not in this walk.
            persisted(user, T0.plusSeconds(1000 + pages));
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(existing);
    }

    @Test
    void list_lastPageExactlyFull_hasNoNextCursor() {
        UUID user = persistedUser();
        for (int i = 0; i < 4; i++) {
            persisted(user, T0.plusSeconds(i));
        }

        Page<Memory> first = repo((MemoryRepository r) -> r.list(user, null, null, StatusFilter.ACTIVE, 2, null));
        Page<Memory> second = repo((MemoryRepository r) -> r.list(user, null, null, StatusFilter.ACTIVE, 2, first.nextCursor()));

        assertThat(first.nextCursor()).isNotNull();
        assertThat(second.items()).hasSize(2);
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void list_garbageCursor_isRefused() {
        UUID user = persistedUser();

        assertThatThrownBy(() -> repo((MemoryRepository r) -> r.list(user, null, null, StatusFilter.ACTIVE, 10, "garbage")))
                .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("cursor");
    }

    @Test
    void tagCounts_andStats_countActiveTagsAndEveryStatus() {
        UUID user = persistedUser();
        persisted(user, "a", "c", MemoryType.SHORT_TERM, List.of("work", "ideas"), T0);
        persisted(user, "b", "c", MemoryType.SHORT_TERM, List.of("work"), T0.plusSeconds(1));
        persisted(user, "c", "c", MemoryType.LONG_TERM, List.of("alpha", "ideas", "work"), T0.plusSeconds(2));
        Memory archived = persisted(user, "d", "c", MemoryType.LONG_TERM, List.of("old", "work"), T0.plusSeconds(3));
        inTransaction(em -> new MemoryRepository(em).find(user, archived.getId()).orElseThrow()
                .archive(T0.plusSeconds(4)));

        assertThat(repo((MemoryRepository r) -> r.tagCounts(user))).containsExactly(new TagCount("work", 3), new TagCount("ideas", 2),
                new TagCount("alpha", 1));
        assertThat(repo((MemoryRepository r) -> r.stats(user))).isEqualTo(new MemoryStats(2, 1, 1, 4, 3,
                List.of(new TagCount("work", 3), new TagCount("ideas", 2), new TagCount("alpha", 1)),
                4 /* none embedded: there is no worker here */));
    }

    @Test
    void stats_topTags_areTheFirstTen() {
        UUID user = persistedUser();
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            tags.add("t" + (char) ('a' + i));
        }
        persisted(user, "x", "c", MemoryType.SHORT_TERM, tags, T0);

        MemoryStats stats = repo((MemoryRepository r) -> r.stats(user));

        assertThat(stats.totalTags()).isEqualTo(12);
        assertThat(stats.topTags()).extracting(TagCount::tag).containsExactlyElementsOf(tags.subList(0, 10));
    }

    @Test
    void touchAccessed_movesForwardOnly_andLeavesTheEtag() {
        UUID user = persistedUser();
        Memory first = persisted(user, T0);
        Memory second = persisted(user, T0.plusSeconds(1));

        inTransaction(em -> new MemoryRepository(em).touchAccessed(user, List.of(first.getId(), second.getId()),
                T0.plusSeconds(60)));
        inTransaction(em -> new MemoryRepository(em).touchAccessed(user, List.of(first.getId()), T0.plusSeconds(30)));

        Memory loaded = repo((MemoryRepository r) -> r.find(user, first.getId())).orElseThrow();
        assertThat(loaded.getAccessedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(repo((MemoryRepository r) -> r.find(user, second.getId())).orElseThrow().getAccessedAt())
                .isEqualTo(T0.plusSeconds(60));
        assertThat(loaded.etag()).isEqualTo(first.etag());
    }

    @Test
    void activeShortTermCreatedBefore_isWhatConsolidationArchives() {
        UUID user = persistedUser();
        Memory old = persisted(user, T0);
        persisted(user, T0.plusSeconds(100));
        persisted(user, "long", "c", MemoryType.LONG_TERM, List.of(), T0);
        Memory archived = persisted(user, T0.plusSeconds(1));
        inTransaction(em -> new MemoryRepository(em).find(user, archived.getId()).orElseThrow()
                .archive(T0.plusSeconds(2)));

        assertThat(ids(repo((MemoryRepository r) -> r.activeShortTermCreatedBefore(user, T0.plusSeconds(50)))))
                .containsExactly(old.getId());
    }

    @Test
    void deletingTheUser_deletesTheirMemories() {
        UUID user = persistedUser();
        Memory memory = persisted(user, T0);

        TestDatabase.execute("DELETE FROM users WHERE id = '" + user + "'");

        assertThat(TestDatabase.query("SELECT count(*) AS n FROM memories WHERE id = ?", memory.getId()))
                .containsExactly(Map.of("n", 0L));
    }

    @Test
    void find_unknownId_isEmpty() {
        Optional<Memory> none = repo((MemoryRepository r) -> r.find(persistedUser(), UUID.randomUUID()));
        assertThat(none).isEmpty();
    }
}
