package dev.whitemagic.rest.memories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.domain.QuotaExceededException;
import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.domain.memory.MemoryEdit;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.domain.plan.PlanLimits;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.idempotency.IdempotencyRepository;
import dev.whitemagic.persistence.memory.MemoryAccessWriter;
import dev.whitemagic.persistence.memory.MemoryRepository;
import dev.whitemagic.persistence.metrics.Metrics;
import dev.whitemagic.persistence.quota.QuotaRepository;
import dev.whitemagic.persistence.quota.StorageCounters;
import dev.whitemagic.quota.Plans;
import dev.whitemagic.quota.StorageQuota;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The memory use cases keep the quota counters equal to the memories table, in the same transaction, and refuse
 * only growth past the caps: run against the real schema, one transaction per call as in the container.
 */
class MemoriesQuotaIT {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final long MAX_MEMORIES = 3;
    private static final long MAX_BYTES = 300;

    /** Caps of free in these tests; "pro" keeps its large defaults. */
    static final Plans PLANS = Plans.of(Map.of(PlanTier.FREE, new PlanLimits(10, 100, 1_000, MAX_MEMORIES, MAX_BYTES)));

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private ExecutorService pool;

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private <T> T memories(Function<Memories, T> work) {
        return TestDatabase.fromTransaction(em -> {
            Memories memories = new Memories();
            memories.memories = new MemoryRepository(em);
            memories.idempotency = new IdempotencyRepository(em);
            memories.storageQuota = new StorageQuota(new StorageCounters(em), PLANS, clock, new Metrics());
            memories.clock = clock;
            memories.accesses = new MemoryAccesses(new MemoryAccessWriter(TestDatabase.dataSource()));
            memories.answers = new CreatedAnswers();
            return work.apply(memories);
        });
    }

    static Caller newCaller(String tier) {
        User user = new User("memories-quota-" + UUID.randomUUID() + "@example.com", tier, NOW);
        TestDatabase.inTransaction(em -> {
            em.persist(user);
            new QuotaRepository(em).create(user, LocalDate.of(2026, 11, 25));
        });
        return caller(user.getId(), tier);
    }

    static Caller caller(UUID userId, String tier) {
        return new Caller(userId, UUID.randomUUID(), "wm_test_abcdefgh", tier, Set.of(), null);
    }

    /** Asserts that the memories table holds these numbers, and that the user's counters say the same. */
    static void assertCountersMatchTheTable(UUID userId, long memories, long bytes) {
        Map<String, Object> table = TestDatabase.query("SELECT count(*) AS memories_count,"
                + " coalesce(sum(size_bytes), 0) AS storage_bytes FROM memories WHERE user_id = ?", userId).get(0);
        Map<String, Object> counters = TestDatabase.query("SELECT memories_count, storage_bytes FROM quotas"
                + " WHERE user_id = ?", userId).get(0);
        assertThat(((Number) table.get("memories_count")).longValue()).as("memories in the table").isEqualTo(memories);
        assertThat(((Number) table.get("storage_bytes")).longValue()).as("bytes in the table").isEqualTo(bytes);
        assertThat(((Number) counters.get("memories_count")).longValue()).as("memories_count").isEqualTo(memories);
        assertThat(((Number) counters.get("storage_bytes")).longValue()).as("storage_bytes").isEqualTo(bytes);
    }

    private static CreateMemoryRequest request(String title, String content, String... tags) {
        return new CreateMemoryRequest(title, content, null, List.of(tags));
    }

    private static MemoryEdit content(String content) {
        return new MemoryEdit(null, content, null, null, null, null);
    }

    private static long size(UUID userId, UUID memoryId) {
        return ((Number) TestDatabase.query("SELECT size_bytes FROM memories WHERE id = ? AND user_id = ?", memoryId,
                userId).get(0).get("size_bytes")).longValue();
    }

    @Test
    void counters_followCreateEditArchiveRestoreAndPermanentDelete() {
        Caller caller = newCaller("free");
        UUID user = caller.userId();

        UUID a = memories(m -> m.create(caller, request("Grüße", "first", "Tag One"), null)).id();
        // "Grüße" is 7 bytes, "first" 5, the tag "tag_one" 7.
        assertCountersMatchTheTable(user, 1, 19);
        UUID b = memories(m -> m.create(caller, request("second", "0123456789"), null)).id();
        assertCountersMatchTheTable(user, 2, 19 + 16);

        memories(m -> m.update(caller, a, content("first, now longer"), null));
        assertCountersMatchTheTable(user, 2, 7 + 17 + 7 + 16);
        memories(m -> m.update(caller, a, new MemoryEdit(null, "1", null, List.of(), null, null), null));
        assertCountersMatchTheTable(user, 2, 7 + 1 + 16);
        memories(m -> m.update(caller, b, new MemoryEdit(null, null, MemoryType.LONG_TERM, null, List.of("x"), null),
                null));
        assertCountersMatchTheTable(user, 2, 8 + 17);

        memories(m -> {
            m.delete(user, b, false);
            return null;
        });
        assertCountersMatchTheTable(user, 2, 25);
        memories(m -> m.restore(user, b));
        assertCountersMatchTheTable(user, 2, 25);
        memories(m -> {
            m.delete(user, b, false);
            return null;
        });
        memories(m -> {
            m.delete(user, b, true);
            return null;
        });
        assertCountersMatchTheTable(user, 1, 8);
        memories(m -> {
            m.delete(user, a, true);
            return null;
        });
        assertCountersMatchTheTable(user, 0, 0);
    }

    @Test
    void create_atTheMemoryCap_isRefused_andLeavesNoMemoryNoAnswerAndNoCount() {
        Caller caller = newCaller("free");
        for (int i = 0; i < MAX_MEMORIES; i++) {
            int n = i;
            memories(m -> m.create(caller, request("m" + n, "c"), null));
        }

        assertThatThrownBy(() -> memories(m -> m.create(caller, request("one more", "c"), "retry-later")))
                .isInstanceOfSatisfying(QuotaExceededException.class,
                        e -> assertThat(e).hasMessage("memory limit of plan free (3) reached"));

        assertCountersMatchTheTable(caller.userId(), MAX_MEMORIES, MAX_MEMORIES * 3);
        assertThat(TestDatabase.query("SELECT 1 FROM idempotency_keys WHERE user_id = ?", caller.userId())).isEmpty();
    }

    @Test
    void aRefusedCreate_canBeRetriedWithTheSameKey_onceSpaceIsFreed() {
        Caller caller = newCaller("free");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < MAX_MEMORIES; i++) {
            int n = i;
            ids.add(memories(m -> m.create(caller, request("m" + n, "c"), null)).id());
        }
        assertThatThrownBy(() -> memories(m -> m.create(caller, request("later", "c"), "key-1")))
                .isInstanceOf(QuotaExceededException.class);

        memories(m -> {
            m.delete(caller.userId(), ids.get(0), true);
            return null;
        });
        Memories.Created created = memories(m -> m.create(caller, request("later", "c"), "key-1"));

        assertThat(created.json()).contains("\"title\":\"later\"");
        assertCountersMatchTheTable(caller.userId(), MAX_MEMORIES, MAX_MEMORIES * 3 - 3 + 6);
    }

    @Test
    void create_pastTheStorageCap_isRefusedAsStorage() {
        Caller caller = newCaller("free");
        memories(m -> m.create(caller, request("big", "x".repeat((int) MAX_BYTES - 13)), null));

        assertThatThrownBy(() -> memories(m -> m.create(caller, request("t", "x".repeat(10)), null)))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.cap()).isEqualTo(QuotaExceededException.Cap.STORAGE);
                    assertThat(e).hasMessage("storage limit of plan free (300 bytes) would be exceeded");
                });
        memories(m -> m.create(caller, request("t", "x".repeat(9)), null));

        assertCountersMatchTheTable(caller.userId(), 2, MAX_BYTES);
    }

    @Test
    void update_growingPastTheStorageCap_isRefusedAndChangesNothing_whileShrinkingAndSameSizeWork() {
        Caller caller = newCaller("free");
        UUID id = memories(m -> m.create(caller, request("t", "x".repeat((int) MAX_BYTES - 1)), null)).id();
        assertCountersMatchTheTable(caller.userId(), 1, MAX_BYTES);

        assertThatThrownBy(() -> memories(m -> m.update(caller, id, content("y".repeat((int) MAX_BYTES)), null)))
                .isInstanceOfSatisfying(QuotaExceededException.class,
                        e -> assertThat(e.cap()).isEqualTo(QuotaExceededException.Cap.STORAGE));
        assertThatThrownBy(() -> memories(m -> m.update(caller, id,
                new MemoryEdit(null, null, null, null, List.of("tag"), null), null)))
                .isInstanceOf(QuotaExceededException.class);
        assertThat(TestDatabase.query("SELECT content, tags FROM memories WHERE id = ?", id).get(0).get("content"))
                .isEqualTo("x".repeat((int) MAX_BYTES - 1));

        memories(m -> m.update(caller, id, content("z".repeat((int) MAX_BYTES - 1)), null));
        assertCountersMatchTheTable(caller.userId(), 1, MAX_BYTES);
        memories(m -> m.update(caller, id, content("short"), null));
        assertCountersMatchTheTable(caller.userId(), 1, 6);
        assertThat(size(caller.userId(), id)).isEqualTo(6);
    }

    @Test
    void archiveAndRestore_atTheCaps_work_andArchivedMemoriesKeepCounting() {
        Caller caller = newCaller("free");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < MAX_MEMORIES; i++) {
            int n = i;
            ids.add(memories(m -> m.create(caller, request("m" + n, "c"), null)).id());
        }
        memories(m -> {
            m.delete(caller.userId(), ids.get(0), false);
            return null;
        });
        assertThatThrownBy(() -> memories(m -> m.create(caller, request("no room", "c"), null)))
                .as("an archived memory still takes its place").isInstanceOf(QuotaExceededException.class);

        assertThat(memories(m -> m.restore(caller.userId(), ids.get(0))).isArchived()).isFalse();
        UUID read = memories(m -> m.get(caller.userId(), ids.get(1)).getId());
        assertThat(read).isEqualTo(ids.get(1));
        assertCountersMatchTheTable(caller.userId(), MAX_MEMORIES, MAX_MEMORIES * 3);
    }

    @Test
    void idempotentReplay_atTheCap_answersTheFirstAnswer_andCountsOnce() {
        Caller caller = newCaller("free");
        memories(m -> m.create(caller, request("a", "c"), null));
        memories(m -> m.create(caller, request("b", "c"), null));
        Memories.Created first = memories(m -> m.create(caller, request("last place", "c"), "same-key"));

        Memories.Created replay = memories(m -> m.create(caller, request("last place", "c"), "same-key"));

        assertThat(replay).isEqualTo(first);
        assertCountersMatchTheTable(caller.userId(), MAX_MEMORIES, 2 * 2 + 11);
    }

    @Test
    void aPlanChange_appliesToTheNextCall() {
        Caller free = newCaller("free");
        for (int i = 0; i < MAX_MEMORIES; i++) {
            int n = i;
            memories(m -> m.create(free, request("m" + n, "c"), null));
        }
        assertThatThrownBy(() -> memories(m -> m.create(free, request("x", "c"), null)))
                .isInstanceOf(QuotaExceededException.class);

        Caller upgraded = caller(free.userId(), "pro");
        memories(m -> m.create(upgraded, request("x", "c"), null));

        assertCountersMatchTheTable(free.userId(), MAX_MEMORIES + 1, MAX_MEMORIES * 3 + 2);
    }

    @Test
    void concurrentCreates_againstTheCap_createExactlyTheCap() throws Exception {
        Caller caller = newCaller("free");
        int threads = 10;
        pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                start.await();
                try {
                    memories(m -> m.create(caller, request("racer " + n, "c"), "racer-" + n));
                    return true;
                } catch (QuotaExceededException refused) {
                    return false;
                }
            }));
        }
        start.countDown();
        int created = 0;
        for (Future<Boolean> result : results) {
            created += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }

        assertThat(created).isEqualTo(MAX_MEMORIES);
        assertCountersMatchTheTable(caller.userId(), MAX_MEMORIES, MAX_MEMORIES * ("racer 0".length() + 1));
        assertThat(TestDatabase.query("SELECT 1 FROM idempotency_keys WHERE user_id = ?", caller.userId()))
                .hasSize((int) MAX_MEMORIES);
    }

    @Test
    void concurrentPermanentDeletes_ofOneMemory_giveItsPlaceBackOnce() throws Exception {
        Caller caller = newCaller("free");
        UUID keep = memories(m -> m.create(caller, request("keep", "c"), null)).id();
        UUID gone = memories(m -> m.create(caller, request("gone", "c"), null)).id();
        int threads = 4;
        pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                start.await();
                try {
                    memories(m -> {
                        m.delete(caller.userId(), gone, true);
                        return null;
                    });
                    return true;
                } catch (dev.whitemagic.domain.NotFoundException alreadyGone) {
                    return false;
                }
            }));
        }
        start.countDown();
        int deleted = 0;
        for (Future<Boolean> result : results) {
            deleted += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }

        assertThat(deleted).isEqualTo(1);
        assertCountersMatchTheTable(caller.userId(), 1, size(caller.userId(), keep));
    }

    /** Keeps the Memory import honest: the size the table stores is the entity's. */
    @Test
    void sizes_inTheTable_areTheEntitysSizes() {
        Caller caller = newCaller("free");
        UUID id = memories(m -> m.create(caller, request("Grüße", "日本", "é"), null)).id();
        assertThat(size(caller.userId(), id)).isEqualTo(Memory.sizeOf("Grüße", "日本", List.of("é")));
    }
}
