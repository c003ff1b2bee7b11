package dev.whitemagic.rest.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.domain.plan.PlanLimits;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.memory.MemoryRepository;
import dev.whitemagic.persistence.metrics.Metrics;
import dev.whitemagic.persistence.quota.QuotaRepository;
import dev.whitemagic.persistence.quota.StorageCounters;
import dev.whitemagic.quota.Plans;
import dev.whitemagic.quota.StorageQuota;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Consolidation is maintenance: what it adds counts against the caps but is never refused by them. */
class ConsolidationQuotaIT {

    private static final Instant CREATED = Instant.parse("2026-11-01T08:00:00Z");
    private static final Instant NOW = CREATED.plus(Duration.ofDays(10));
    private static final long MAX_MEMORIES = 3;

    private final Plans plans = Plans.of(Map.of(PlanTier.FREE, new PlanLimits(10, 100, 1_000, MAX_MEMORIES, 1_000_000)));

    @Test
    void run_atTheMemoryCap_isNotRefused_andItsCopiesAndSummaryCount() {
        User user = new User("consolidation-quota-" + UUID.randomUUID() + "@example.com", CREATED);
        List<Memory> old = List.of(
                new Memory(user.getId(), "Retry with backoff", "worked", MemoryType.SHORT_TERM, List.of("insight"),
                        CREATED),
                new Memory(user.getId(), "Pick boring tech", "again", MemoryType.SHORT_TERM, List.of("decision"),
                        CREATED),
                new Memory(user.getId(), "Lunch", "soup", MemoryType.SHORT_TERM, null, CREATED));
        TestDatabase.inTransaction(em -> {
            em.persist(user);
            new QuotaRepository(em).create(user, LocalDate.of(2026, 11, 1));
            old.forEach(em::persist);
        });
        long oldBytes = old.stream().mapToLong(Memory::getSizeBytes).sum();
        TestDatabase.execute("UPDATE quotas SET memories_count = 3, storage_bytes = " + oldBytes
                + " WHERE user_id = '" + user.getId() + "'");

        Consolidation.Outcome outcome = TestDatabase.fromTransaction(em -> {
            Consolidation consolidation = new Consolidation();
            consolidation.memories = new MemoryRepository(em);
            consolidation.storageQuota = new StorageQuota(new StorageCounters(em), plans,
                    Clock.fixed(NOW, ZoneOffset.UTC), new Metrics());
            consolidation.clock = Clock.fixed(NOW, ZoneOffset.UTC);
            return consolidation.run(user.getId(), 7, false);
        });

        assertThat(outcome.archivedCount()).isEqualTo(3);
        assertThat(outcome.promotedCount()).isEqualTo(2);
        assertThat(outcome.consolidatedMemoryId()).isNotNull();
        Map<String, Object> table = TestDatabase.query("SELECT count(*) AS n, CAST(sum(size_bytes) AS bigint) AS bytes,"
                + " count(*) FILTER (WHERE status = 'archived') AS archived FROM memories WHERE user_id = ?",
                user.getId()).get(0);
        assertThat(table.get("n")).isEqualTo(6L);
        assertThat(table.get("archived")).isEqualTo(3L);
        assertThat(TestDatabase.query("SELECT memories_count, storage_bytes FROM quotas WHERE user_id = ?",
                user.getId()).get(0)).isEqualTo(Map.of("memories_count", 6, "storage_bytes", table.get("bytes")));
    }
}
