package dev.whitemagic.persistence.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.domain.quota.Quota;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Changeset 010 counts the memories written before the storage counters were kept: every user gets a quota row and
 * counters equal to their memories (archived ones included).
 */
class StorageCountersBackfillIT {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
    private static final String CHANGESET = "backfill-quotas-storage-counters";

    @Test
    void backfill_setsCountersFromMemories_andCreatesMissingQuotaRows() {
        DataSource database = TestDatabase.newDatabase();
        User counted = new User("counted@example.com", T0);
        User withoutRow = new User("no-quota-row@example.com", T0);
        User empty = new User("empty@example.com", T0);
        Memory archived = new Memory(counted.getId(), "Grüße", "archived but kept", MemoryType.SHORT_TERM,
                List.of("x"), T0);
        archived.archive(T0);
        List<Memory> memories = List.of(
                new Memory(counted.getId(), "one", "first", MemoryType.SHORT_TERM, List.of("a", "b"), T0),
                new Memory(counted.getId(), "two", "日本語", MemoryType.LONG_TERM, null, T0),
                archived,
                new Memory(withoutRow.getId(), "three", "third", MemoryType.SHORT_TERM, null, T0));
        try (EntityManagerFactory emf = TestDatabase.bootstrap(database)) {
            EntityManager em = emf.createEntityManager();
            em.getTransaction().begin();
            for (User user : List.of(counted, withoutRow, empty)) {
                em.persist(user);
                em.persist(new Quota(user, LocalDate.of(2026, 11, 25)));
            }
            memories.forEach(em::persist);
            em.getTransaction().commit();
            em.close();
        }
        // The state before 010: nothing counted (and wrongly for the empty user), one row missing.
        TestDatabase.execute(database,
                "UPDATE quotas SET memories_count = 0, storage_bytes = 0",
                "UPDATE quotas SET memories_count = 7, storage_bytes = 700 WHERE user_id = '" + empty.getId() + "'",
                "DELETE FROM quotas WHERE user_id = '" + withoutRow.getId() + "'",
                "DELETE FROM databasechangelog WHERE id = '" + CHANGESET + "'");

        try (EntityManagerFactory emf = TestDatabase.bootstrap(database)) {
            assertThat(emf.isOpen()).isTrue();
        }

        assertThat(counters(database, counted)).isEqualTo(Map.of("memories_count", 3, "storage_bytes",
                memories.get(0).getSizeBytes() + memories.get(1).getSizeBytes() + archived.getSizeBytes()));
        assertThat(counters(database, withoutRow))
                .isEqualTo(Map.of("memories_count", 1, "storage_bytes", memories.get(3).getSizeBytes()));
        assertThat(counters(database, empty)).isEqualTo(Map.of("memories_count", 0, "storage_bytes", 0L));
        assertThat(TestDatabase.query(database, "SELECT requests_today, last_reset_daily FROM quotas WHERE user_id = ?",
                withoutRow.getId())).singleElement().satisfies(row -> {
                    assertThat(row.get("requests_today")).isEqualTo(0);
                    assertThat(row.get("last_reset_daily")).isNotNull();
                });
    }

    private static Map<String, Object> counters(DataSource database, User user) {
        List<Map<String, Object>> rows = TestDatabase.query(database,
                "SELECT memories_count, storage_bytes FROM quotas WHERE user_id = ?", user.getId());
        assertThat(rows).as("quota row of %s", user.getEmail()).hasSize(1);
        return rows.get(0);
    }
}
