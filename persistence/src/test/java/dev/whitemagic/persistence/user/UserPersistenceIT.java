package dev.whitemagic.persistence.user;

import static dev.whitemagic.persistence.TestDatabase.fromTransaction;
import static dev.whitemagic.persistence.TestDatabase.inTransaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.whitemagic.domain.apikey.ApiKey;
import dev.whitemagic.domain.quota.Quota;
import dev.whitemagic.domain.usage.UsageRecord;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

class UserPersistenceIT {

    // Microseconds at most: PostgreSQL keeps no more, and a round trip must give back the same instant.
    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00.123456Z");

    private static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void persist_newUser_isStoredAsGiven() {
        String email = uniqueEmail();
        User user = new User(email, T0);
        inTransaction(em -> em.persist(user));

        User loaded = fromTransaction(em -> em.find(User.class, user.getId()));

        assertThat(loaded).isNotSameAs(user).isEqualTo(user);
        assertThat(loaded.getEmail()).isEqualTo(email);
        assertThat(loaded.getPlanTier()).isEqualTo("free");
        assertThat(loaded.getCreatedAt()).isEqualTo(T0);
        assertThat(loaded.getUpdatedAt()).isEqualTo(T0);
        assertThat(loaded.getLastSeenAt()).isNull();
        assertThat(loaded.getWhopUserId()).isNull();
        assertThat(loaded.getWhopMembershipId()).isNull();
    }

    @Test
    void persist_userWithWhopIds_keepsThem() {
        String whopSuffix = UUID.randomUUID().toString();
        User user = new User(uniqueEmail(), "pro", T0);
        user.linkWhop("user_" + whopSuffix, "mem_" + whopSuffix, T0);
        inTransaction(em -> em.persist(user));

        User loaded = fromTransaction(em -> em.find(User.class, user.getId()));

        assertThat(loaded.getPlanTier()).isEqualTo("pro");
        assertThat(loaded.getWhopUserId()).isEqualTo("user_" + whopSuffix);
        assertThat(loaded.getWhopMembershipId()).isEqualTo("mem_" + whopSuffix);
    }

    @Test
    void persist_duplicateEmail_isRefusedByTheUniqueIndex() {
        String email = uniqueEmail();
        inTransaction(em -> em.persist(new User(email, T0)));

        Throwable refusal = catchThrowable(() -> inTransaction(em -> em.persist(new User(email, T0))));

        assertThat(TestDatabase.violatedConstraint(refusal)).contains("ix_users_email");
        assertThat(TestDatabase.query("SELECT count(*) AS n FROM users WHERE email = ?", email).get(0))
                .containsEntry("n", 1L);
    }

    @Test
    void persist_duplicateWhopUserId_isRefusedByTheUniqueIndex() {
        String whopUserId = "user_" + UUID.randomUUID();
        User first = new User(uniqueEmail(), T0);
        first.linkWhop(whopUserId, null, T0);
        inTransaction(em -> em.persist(first));
        User second = new User(uniqueEmail(), T0);
        second.linkWhop(whopUserId, null, T0);

        Throwable refusal = catchThrowable(() -> inTransaction(em -> em.persist(second)));

        assertThat(TestDatabase.violatedConstraint(refusal)).contains("ix_users_whop_user_id");
    }

    @Test
    void persist_duplicateWhopMembershipId_isRefusedByTheUniqueConstraint() {
        String membershipId = "mem_" + UUID.randomUUID();
        User first = new User(uniqueEmail(), T0);
        first.linkWhop(null, membershipId, T0);
        inTransaction(em -> em.persist(first));
        User second = new User(uniqueEmail(), T0);
        second.linkWhop(null, membershipId, T0);

        Throwable refusal = catchThrowable(() -> inTransaction(em -> em.persist(second)));

        assertThat(TestDatabase.violatedConstraint(refusal)).contains("uq_users_whop_membership_id");
    }

    @Test
    void changePlanAndSeenAt_onManagedUser_areWrittenAtCommit() {
        User user = new User(uniqueEmail(), T0);
        inTransaction(em -> em.persist(user));
        Instant later = T0.plusSeconds(3600);

        inTransaction(em -> {
            User managed = em.find(User.class, user.getId());
            managed.changePlan("starter", later);
            managed.seenAt(later);
        });

        User loaded = fromTransaction(em -> em.find(User.class, user.getId()));
        assertThat(loaded.getPlanTier()).isEqualTo("starter");
        assertThat(loaded.getUpdatedAt()).isEqualTo(later);
        assertThat(loaded.getLastSeenAt()).isEqualTo(later);
        assertThat(loaded.getCreatedAt()).isEqualTo(T0);
    }

    @Test
    void toString_ofLoadedUser_carriesNoPersonalData() {
        String email = uniqueEmail();
        User user = new User(email, T0);
        inTransaction(em -> em.persist(user));

        String text = fromTransaction(em -> em.find(User.class, user.getId()).toString());

        assertThat(text).contains(user.getId().toString()).doesNotContain(email);
    }

    @Test
    void remove_user_deletesTheirKeysQuotaAndUsageRecords() {
        User user = new User(uniqueEmail(), T0);
        ApiKey key = new ApiKey(user, "hash-" + UUID.randomUUID(), "wm_test_cascade1", "k", T0, null);
        inTransaction(em -> {
            em.persist(user);
            em.persist(key);
            em.persist(new Quota(user, LocalDate.of(2026, 11, 25)));
            em.persist(new UsageRecord(user, key, "/api/v1/memories", "POST", 201, 9, T0));
            em.persist(new UsageRecord(user, null, "/api/v1/me", "GET", 200, 3, T0));
        });
        User bystander = new User(uniqueEmail(), T0);
        inTransaction(em -> {
            em.persist(bystander);
            em.persist(new ApiKey(bystander, "hash-" + UUID.randomUUID(), "wm_test_bystande", null, T0, null));
            em.persist(new Quota(bystander, LocalDate.of(2026, 11, 25)));
            em.persist(new UsageRecord(bystander, null, "/api/v1/me", "GET", 200, 3, T0));
        });

        inTransaction(em -> em.remove(em.find(User.class, user.getId())));

        assertThat(countsOf(user.getId())).containsExactly(0L, 0L, 0L, 0L);
        assertThat(countsOf(bystander.getId())).containsExactly(1L, 1L, 1L, 1L);
    }

    private static Object[] countsOf(UUID userId) {
        return TestDatabase.query("SELECT (SELECT count(*) FROM users WHERE id = ?) AS users,"
                + " (SELECT count(*) FROM api_keys WHERE user_id = ?) AS keys,"
                + " (SELECT count(*) FROM quotas WHERE user_id = ?) AS quotas,"
                + " (SELECT count(*) FROM usage_records WHERE user_id = ?) AS usage", userId, userId, userId, userId)
                .get(0).values().toArray();
    }
}
