package dev.whitemagic.persistence.quota;

import static dev.whitemagic.persistence.TestDatabase.fromTransaction;
import static dev.whitemagic.persistence.TestDatabase.inTransaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.whitemagic.domain.quota.Quota;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

class QuotaPersistenceIT {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    private static User persistedUser() {
        User user = new User("quota-" + UUID.randomUUID() + "@example.com", T0);
        inTransaction(em -> em.persist(user));
        return user;
    }

    @Test
    void persist_newQuota_isStoredUnderTheUsersId_withZeroCounters() {
        User user = persistedUser();
        inTransaction(em -> em.persist(new Quota(em.getReference(User.class, user.getId()), TODAY)));

        Quota loaded = fromTransaction(em -> em.find(Quota.class, user.getId()));

        assertThat(loaded.getUserId()).isEqualTo(user.getId());
        assertThat(loaded.getRequestsToday()).isZero();
        assertThat(loaded.getRequestsThisMonth()).isZero();
        assertThat(loaded.getMemoriesCount()).isZero();
        assertThat(loaded.getStorageBytes()).isZero();
        assertThat(loaded.getLastResetDaily()).isEqualTo(TODAY);
        assertThat(loaded.getLastResetMonthly()).isEqualTo(TODAY);
    }

    @Test
    void quota_readsCountersWrittenBySql_andReachesItsUser() {
        User user = persistedUser();
        inTransaction(em -> em.persist(new Quota(em.getReference(User.class, user.getId()), TODAY)));
        // The quota module changes counters with atomic SQL; the entity must read what it wrote.
        TestDatabase.execute("UPDATE quotas SET requests_today = 7, requests_this_month = 70, memories_count = 3,"
                + " storage_bytes = 5000000000 WHERE user_id = '" + user.getId() + "'");

        Quota loaded = fromTransaction(em -> {
            Quota quota = em.find(Quota.class, user.getId());
            assertThat(quota.getUser().getEmail()).isEqualTo(user.getEmail());
            return quota;
        });

        assertThat(loaded.getRequestsToday()).isEqualTo(7);
        assertThat(loaded.getRequestsThisMonth()).isEqualTo(70);
        assertThat(loaded.getMemoriesCount()).isEqualTo(3);
        assertThat(loaded.getStorageBytes()).isEqualTo(5_000_000_000L);
    }

    @Test
    void persist_secondQuotaForTheSameUser_isRefused() {
        User user = persistedUser();
        inTransaction(em -> em.persist(new Quota(em.getReference(User.class, user.getId()), TODAY)));

        Throwable refusal = catchThrowable(() -> inTransaction(em ->
                em.persist(new Quota(em.getReference(User.class, user.getId()), TODAY.plusDays(1)))));

        assertThat(TestDatabase.violatedConstraint(refusal)).contains("pk_quotas");
        assertThat(TestDatabase.query("SELECT last_reset_daily FROM quotas WHERE user_id = ?", user.getId()))
                .hasSize(1)
                .first().satisfies(row -> assertThat(row.get("last_reset_daily").toString()).isEqualTo("2026-11-25"));
    }
}
