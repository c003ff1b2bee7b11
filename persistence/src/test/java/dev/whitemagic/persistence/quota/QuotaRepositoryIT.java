package dev.whitemagic.persistence.quota;

import static dev.whitemagic.persistence.TestDatabase.fromTransaction;
import static dev.whitemagic.persistence.TestDatabase.inTransaction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.quota.Quota;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

class QuotaRepositoryIT {

    @Test
    void create_writesAnEmptyQuotaStartingOnTheGivenDay() {
        User user = new User("quota-repo-" + UUID.randomUUID() + "@example.com", Instant.parse("2026-11-25T23:30:00Z"));
        LocalDate today = LocalDate.of(2026, 11, 25);

        inTransaction(em -> {
            em.persist(user);
            new QuotaRepository(em).create(user, today);
        });

        Quota loaded = fromTransaction(em -> new QuotaRepository(em).find(user.getId())).orElseThrow();
        assertThat(loaded.getLastResetDaily()).isEqualTo(today);
        assertThat(TestDatabase.query("SELECT requests_today, storage_bytes FROM quotas WHERE user_id = ?",
                user.getId())).singleElement().satisfies(row -> {
                    assertThat(row.get("requests_today")).isEqualTo(0);
                    assertThat(row.get("storage_bytes")).isEqualTo(0L);
                });
    }
}
