package dev.whitemagic.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.quota.QuotaRepository;
import dev.whitemagic.persistence.quota.StorageCounters;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StoredMemoriesIT {

    @Test
    void gauge_readsTheSumOfTheCounters_asOfTheLastRefresh() {
        RecordingMetrics metrics = new RecordingMetrics();
        EntityManager em = TestDatabase.entityManagerFactory().createEntityManager();
        try {
            StoredMemories stored = new StoredMemories(new StorageCounters(em), metrics.registry);
            stored.register();
            long before = (long) metrics.gauge("wm_memories_stored");
            assertThat(before).isEqualTo(((Number) TestDatabase.query(
                    "SELECT coalesce(sum(memories_count), 0) AS n FROM quotas").get(0).get("n")).longValue());

            User user = new User("stored-" + UUID.randomUUID() + "@example.com", Instant.now());
            TestDatabase.inTransaction(tx -> {
                tx.persist(user);
                new QuotaRepository(tx).create(user, LocalDate.now());
            });
            TestDatabase.execute("UPDATE quotas SET memories_count = 7 WHERE user_id = '" + user.getId() + "'");
            assertThat((long) metrics.gauge("wm_memories_stored")).as("a scrape asks no database").isEqualTo(before);

            stored.refresh();
            assertThat((long) metrics.gauge("wm_memories_stored")).isEqualTo(before + 7);
        } finally {
            em.close();
        }
    }
}
