package dev.whitemagic.rest.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.domain.plan.PlanLimits;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.RowLocks;
import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.memory.MemoryRepository;
import dev.whitemagic.persistence.metrics.Metrics;
import dev.whitemagic.persistence.quota.QuotaRepository;
import dev.whitemagic.persistence.quota.StorageCounters;
import dev.whitemagic.quota.Plans;
import dev.whitemagic.quota.StorageQuota;
import jakarta.persistence.EntityManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A real consolidation locks the memories it archives in the order of their ids, the order the embedding worker
 * locks them in, so the two wait for each other instead of deadlocking.
 */
class ConsolidationLockOrderIT {

    private static final Instant CREATED = Instant.parse("2026-11-01T08:00:00Z");
    private static final Instant NOW = CREATED.plus(Duration.ofDays(10));

    private final Plans plans = Plans.of(Map.of(PlanTier.FREE, new PlanLimits(10, 100, 1_000, 100, 1_000_000)));

    @Test
    void aRealRun_locksWhatItArchivesInIdOrder_beforeItWritesAny() throws Exception {
        DataSource database = TestDatabase.dataSource();
        User user = new User("consolidation-locks-" + UUID.randomUUID() + "@example.com", CREATED);
        Memory one = new Memory(user.getId(), "Standup", "moved to ten", MemoryType.SHORT_TERM, List.of(), CREATED);
        Memory two = new Memory(user.getId(), "Lunch", "soup", MemoryType.SHORT_TERM, List.of(), CREATED);
        TestDatabase.inTransaction(em -> {
            em.persist(user);
            new QuotaRepository(em).create(user, LocalDate.of(2026, 11, 1));
            em.persist(one);
            em.persist(two);
        });
        List<UUID> ordered = RowLocks.inDatabaseOrder(database, one.getId(), two.getId());
        // The plan goes oldest first: archived in its order, the higher id would be written (and locked) first.
        TestDatabase.execute("UPDATE memories SET created_at = created_at + interval '1 minute'"
                + " WHERE id = '" + ordered.get(0) + "'");

        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Consolidation.Outcome> outcome;
            try (RowLocks.Held lower = RowLocks.hold(database, ordered.get(0))) {
                outcome = runner.submit(() -> TestDatabase.fromTransaction(em -> consolidation(em)
                        .run(user.getId(), 7, false)));
                RowLocks.awaitWaiter(database);

                assertThat(RowLocks.free(database, ordered.get(1)))
                        .as("the run waits for the lower id before it locks the higher").isTrue();
            }
            assertThat(outcome.get(10, TimeUnit.SECONDS).archivedCount()).isEqualTo(2);
        } finally {
            runner.shutdownNow();
        }
        assertThat(TestDatabase.query("SELECT count(*) AS n FROM memories WHERE user_id = ? AND status = 'archived'",
                user.getId()).get(0)).containsEntry("n", 2L);
    }

    @Test
    void aDryRun_locksNothing() {
        User user = new User("consolidation-dry-" + UUID.randomUUID() + "@example.com", CREATED);
        Memory old = new Memory(user.getId(), "Standup", "moved to ten", MemoryType.SHORT_TERM, List.of(), CREATED);
        TestDatabase.inTransaction(em -> {
            em.persist(user);
            new QuotaRepository(em).create(user, LocalDate.of(2026, 11, 1));
            em.persist(old);
        });

        boolean freeDuringTheRun = TestDatabase.fromTransaction(em -> {
            assertThat(consolidation(em).run(user.getId(), 7, true).archivedCount()).isEqualTo(1);
            try {
                return RowLocks.free(TestDatabase.dataSource(), old.getId());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(freeDuringTheRun).isTrue();
    }

    private Consolidation consolidation(EntityManager em) {
        Consolidation consolidation = new Consolidation();
        consolidation.memories = new MemoryRepository(em);
        consolidation.storageQuota = new StorageQuota(new StorageCounters(em), plans,
                Clock.fixed(NOW, ZoneOffset.UTC), new Metrics());
        consolidation.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return consolidation;
    }
}
