package dev.whitemagic.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.QuotaExceededException;
import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.domain.plan.PlanLimits;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.memory.MemoryRepository;
import dev.whitemagic.persistence.quota.QuotaRepository;
import dev.whitemagic.persistence.quota.StorageCounters;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The caps and the counters against the real schema, one transaction per call as in the container. */
class StorageQuotaIT {

    private static final Instant NOW = Instant.parse("2026-11-25T23:30:00Z");
    private static final long MAX_MEMORIES = 5;
    private static final long MAX_BYTES = 1_000;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final RecordingMetrics metrics = new RecordingMetrics();
    // Small caps on free (and on a stored tier nobody knows, which counts as free); pro keeps its large defaults.
    private final Plans plans = Plans.of(Map.of(PlanTier.FREE, new PlanLimits(10, 100, 1_000, MAX_MEMORIES, MAX_BYTES)));
    private ExecutorService pool;

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private void inQuota(BiConsumer<StorageQuota, EntityManager> work) {
        TestDatabase.inTransaction(em -> work.accept(new StorageQuota(new StorageCounters(em), plans, clock,
                metrics.registry), em));
    }

    private static UUID newUser() {
        User user = new User("storage-quota-" + UUID.randomUUID() + "@example.com", NOW);
        TestDatabase.inTransaction(em -> {
            em.persist(user);
            new QuotaRepository(em).create(user, LocalDate.of(2026, 11, 25));
        });
        return user.getId();
    }

    private static Map<String, Object> counters(UUID userId) {
        return TestDatabase.query("SELECT memories_count, storage_bytes FROM quotas WHERE user_id = ?", userId).get(0);
    }

    private static Map<String, Object> counters(long memories, long bytes) {
        return Map.of("memories_count", (int) memories, "storage_bytes", bytes);
    }

    private static void setCounters(UUID userId, long memories, long bytes) {
        TestDatabase.execute("UPDATE quotas SET memories_count = " + memories + ", storage_bytes = " + bytes
                + " WHERE user_id = '" + userId + "'");
    }

    @Test
    void reserve_withinCaps_countsMemoriesAndBytes_upToExactlyTheCaps() {
        UUID user = newUser();

        inQuota((quota, em) -> quota.reserve(user, "free", 1, 600));
        inQuota((quota, em) -> quota.reserve(user, "free", 4, 400));

        assertThat(counters(user)).isEqualTo(counters(MAX_MEMORIES, MAX_BYTES));
        assertThat(metrics.counts()).isEmpty();
    }

    @Test
    void reserve_atTheMemoryCap_isRefusedAsMemories_countersUnchanged_andCounted() {
        UUID user = newUser();
        setCounters(user, MAX_MEMORIES, 10);

        assertThatThrownBy(() -> inQuota((quota, em) -> quota.reserve(user, "free", 1, 1)))
                .isInstanceOfSatisfying(QuotaExceededException.class, refusal -> {
                    assertThat(refusal.cap()).isEqualTo(QuotaExceededException.Cap.MEMORIES);
                    assertThat(refusal).hasMessage("memory limit of plan free (5) reached");
                });

        assertThat(counters(user)).isEqualTo(counters(MAX_MEMORIES, 10));
        assertThat(metrics.counts()).isEqualTo(Map.of("wm_quota_refusals_total{memories,free}", 1L));
    }

    @Test
    void reserve_pastTheStorageCap_isRefusedAsStorage() {
        UUID user = newUser();
        setCounters(user, 1, MAX_BYTES - 10);

        assertThatThrownBy(() -> inQuota((quota, em) -> quota.reserve(user, "free", 1, 11)))
                .isInstanceOfSatisfying(QuotaExceededException.class, refusal -> {
                    assertThat(refusal.cap()).isEqualTo(QuotaExceededException.Cap.STORAGE);
                    assertThat(refusal).hasMessage("storage limit of plan free (1000 bytes) would be exceeded");
                });
        inQuota((quota, em) -> quota.reserve(user, "free", 1, 10));

        assertThat(counters(user)).isEqualTo(counters(2, MAX_BYTES));
        assertThat(metrics.count("wm_quota_refusals_total", "storage", "free")).isEqualTo(1);
    }

    @Test
    void reserve_pastBothCaps_namesTheMemoryCap() {
        UUID user = newUser();
        setCounters(user, MAX_MEMORIES, MAX_BYTES);

        assertThatThrownBy(() -> inQuota((quota, em) -> quota.reserve(user, "free", 1, 1)))
                .isInstanceOfSatisfying(QuotaExceededException.class,
                        refusal -> assertThat(refusal.cap()).isEqualTo(QuotaExceededException.Cap.MEMORIES));
    }

    @Test
    void reserve_shrinkOrNoChange_alwaysWorks_evenOverTheCaps_butGrowthDoesNot() {
        UUID user = newUser();
        // Over both caps, as after a downgrade.
        setCounters(user, MAX_MEMORIES + 3, MAX_BYTES + 500);

        inQuota((quota, em) -> quota.reserve(user, "free", 0, -100));
        inQuota((quota, em) -> quota.reserve(user, "free", 0, 0));
        assertThatThrownBy(() -> inQuota((quota, em) -> quota.reserve(user, "free", 0, 1)))
                .isInstanceOf(QuotaExceededException.class);

        assertThat(counters(user)).isEqualTo(counters(MAX_MEMORIES + 3, MAX_BYTES + 400));
    }

    @Test
    void reserve_readsThePlanPassed_soAPlanChangeAppliesToTheNextCall() {
        UUID user = newUser();
        setCounters(user, MAX_MEMORIES, MAX_BYTES);

        inQuota((quota, em) -> quota.reserve(user, "pro", 1, 100));
        assertThatThrownBy(() -> inQuota((quota, em) -> quota.reserve(user, "free", 1, 100)))
                .isInstanceOf(QuotaExceededException.class);
        assertThatThrownBy(() -> inQuota((quota, em) -> quota.reserve(user, "retired-tier", 1, 100)))
                .isInstanceOfSatisfying(QuotaExceededException.class,
                        refusal -> assertThat(refusal.plan()).isEqualTo("free"));

        assertThat(counters(user)).isEqualTo(counters(MAX_MEMORIES + 1, MAX_BYTES + 100));
    }

    @Test
    void releaseAndExemptReservations_ignoreTheCaps() {
        UUID user = newUser();
        setCounters(user, MAX_MEMORIES, MAX_BYTES);

        inQuota((quota, em) -> quota.reserveExempt(user, 2, 300));
        assertThat(counters(user)).isEqualTo(counters(MAX_MEMORIES + 2, MAX_BYTES + 300));
        inQuota((quota, em) -> quota.release(user, 3, 800));
        assertThat(counters(user)).isEqualTo(counters(MAX_MEMORIES - 1, MAX_BYTES - 500));
        assertThat(metrics.counts()).isEmpty();
    }

    @Test
    void aRolledBackWrite_leavesTheCountersAsTheyWere() {
        UUID user = newUser();

        assertThatThrownBy(() -> inQuota((quota, em) -> {
            quota.reserve(user, "free", 1, 100);
            throw new IllegalStateException("the memory insert failed");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(counters(user)).isEqualTo(counters(0, 0));
    }

    @Test
    void aUserWithoutAQuotaRow_getsOneCountedFromTheirMemories_thenTheCapsApply() {
        UUID user = newUser();
        Memory first = new Memory(user, "kept", "before the row went missing", MemoryType.SHORT_TERM, null, NOW);
        Memory second = new Memory(user, "kept too", "also", MemoryType.LONG_TERM, List.of("x"), NOW);
        TestDatabase.inTransaction(em -> {
            em.persist(first);
            em.persist(second);
        });
        TestDatabase.execute("DELETE FROM quotas WHERE user_id = '" + user + "'");
        long stored = first.getSizeBytes() + second.getSizeBytes();

        inQuota((quota, em) -> quota.reserve(user, "free", 1, 7));
        assertThat(counters(user)).isEqualTo(counters(3, stored + 7));
        assertThat(TestDatabase.query("SELECT last_reset_daily FROM quotas WHERE user_id = ?", user).get(0))
                .containsEntry("last_reset_daily", java.sql.Date.valueOf(LocalDate.of(2026, 11, 25)));

        TestDatabase.execute("DELETE FROM quotas WHERE user_id = '" + user + "'");
        inQuota((quota, em) -> quota.release(user, 1, 7));
        assertThat(counters(user)).isEqualTo(counters(1, stored - 7));

        TestDatabase.execute("DELETE FROM quotas WHERE user_id = '" + user + "'");
        assertThatThrownBy(() -> inQuota((quota, em) -> quota.reserve(user, "free", 4, 1)))
                .as("two memories counted from the table, four more would be six")
                .isInstanceOf(QuotaExceededException.class);
    }

    @Test
    void concurrentCreates_atTheCap_admitExactlyTheCap_andTheCountersMatchTheTable() throws Exception {
        UUID user = newUser();
        int threads = 10;
        pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                start.await();
                try {
                    inQuota((quota, em) -> {
                        Memory memory = new Memory(user, "concurrent " + n, "body " + n, MemoryType.SHORT_TERM, null,
                                NOW);
                        quota.reserve(user, "free", 1, memory.getSizeBytes());
                        new MemoryRepository(em).persist(memory);
                    });
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
        Map<String, Object> table = TestDatabase.query("SELECT count(*) AS n, sum(size_bytes) AS bytes FROM memories"
                + " WHERE user_id = ?", user).get(0);
        assertThat(table.get("n")).isEqualTo(MAX_MEMORIES);
        assertThat(counters(user)).isEqualTo(counters(MAX_MEMORIES, ((Number) table.get("bytes")).longValue()));
        assertThat(metrics.count("wm_quota_refusals_total", "memories", "free"))
                .isEqualTo(threads - MAX_MEMORIES);
    }
}
