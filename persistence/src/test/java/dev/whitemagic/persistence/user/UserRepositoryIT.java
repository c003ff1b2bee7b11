package dev.whitemagic.persistence.user;

import static dev.whitemagic.persistence.TestDatabase.fromTransaction;
import static dev.whitemagic.persistence.TestDatabase.inTransaction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.apikey.ApiKey;
import dev.whitemagic.domain.quota.Quota;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

class UserRepositoryIT {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    private static String uniqueEmail() {
        return "Repo-" + UUID.randomUUID() + "@Example.com";
    }

    @Test
    void insertIfAbsent_newUser_isInserted_andFoundById() {
        User user = new User(uniqueEmail(), "pro", T0);
        user.linkWhop("whop-u-" + user.getId(), "whop-m-" + user.getId(), T0);

        boolean inserted = fromTransaction(em -> new UserRepository(em).insertIfAbsent(user));
        Optional<User> found = fromTransaction(em -> new UserRepository(em).find(user.getId()));

        assertThat(inserted).isTrue();
        assertThat(found).hasValueSatisfying(loaded -> {
            assertThat(loaded.getEmail()).isEqualTo(user.getEmail());
            assertThat(loaded.getPlanTier()).isEqualTo("pro");
            assertThat(loaded.getWhopUserId()).isEqualTo(user.getWhopUserId());
            assertThat(loaded.getWhopMembershipId()).isEqualTo(user.getWhopMembershipId());
            assertThat(loaded.getCreatedAt()).isEqualTo(T0);
        });
    }

    @Test
    void insertIfAbsent_sameEmailInOtherCase_insertsNothing_andTheTransactionStillCommits() {
        String email = uniqueEmail();
        inTransaction(em -> new UserRepository(em).insertIfAbsent(new User(email, T0)));
        User twin = new User(email.toLowerCase(), T0);
        User bystander = new User(uniqueEmail(), T0);

        boolean inserted = fromTransaction(em -> {
            UserRepository users = new UserRepository(em);
            boolean result = users.insertIfAbsent(twin);
            users.persist(bystander);
            return result;
        });

        assertThat(inserted).isFalse();
        assertThat(TestDatabase.<Optional<User>>fromTransaction(em -> new UserRepository(em).find(twin.getId()))).isEmpty();
        assertThat(TestDatabase.<Optional<User>>fromTransaction(em -> new UserRepository(em).find(bystander.getId()))).isPresent();
    }

    @Test
    void insertIfAbsent_sameWhopUserId_insertsNothing() {
        String whopUserId = "whop-u-" + UUID.randomUUID();
        User first = new User(uniqueEmail(), T0);
        first.linkWhop(whopUserId, null, T0);
        User second = new User(uniqueEmail(), T0);
        second.linkWhop(whopUserId, null, T0);
        inTransaction(em -> new UserRepository(em).insertIfAbsent(first));

        assertThat(TestDatabase.<Boolean>fromTransaction(em -> new UserRepository(em).insertIfAbsent(second))).isFalse();
        assertThat(TestDatabase.<Optional<User>>fromTransaction(em -> new UserRepository(em).findByWhopUserId(whopUserId)))
                .map(User::getId).contains(first.getId());
    }

    @Test
    void findByEmail_ignoresCase_andMissesUnknownAddresses() {
        User user = new User(uniqueEmail(), T0);
        inTransaction(em -> new UserRepository(em).persist(user));

        assertThat(TestDatabase.<Optional<User>>fromTransaction(em -> new UserRepository(em).findByEmail(user.getEmail().toUpperCase())))
                .map(User::getId).contains(user.getId());
        assertThat(TestDatabase.<Optional<User>>fromTransaction(em -> new UserRepository(em).findByEmail("nobody-" + user.getEmail()))).isEmpty();
    }

    @Test
    void delete_removesTheUser_andTheDatabaseCascadesKeysAndQuota() {
        User user = new User(uniqueEmail(), T0);
        UUID keyId = fromTransaction(em -> {
            em.persist(user);
            ApiKey key = new ApiKey(user, "hash-" + UUID.randomUUID(), "wm_test_cascade0", null, T0, null);
            em.persist(key);
            em.persist(new Quota(user, LocalDate.of(2026, 11, 25)));
            return key.getId();
        });

        boolean deleted = fromTransaction(em -> new UserRepository(em).delete(user.getId()));

        assertThat(deleted).isTrue();
        assertThat(TestDatabase.query("SELECT id FROM users WHERE id = ?", user.getId())).isEmpty();
        assertThat(TestDatabase.query("SELECT id FROM api_keys WHERE id = ?", keyId)).isEmpty();
        assertThat(TestDatabase.query("SELECT user_id FROM quotas WHERE user_id = ?", user.getId())).isEmpty();
    }

    @Test
    void delete_unknownUser_reportsFalse() {
        assertThat(TestDatabase.<Boolean>fromTransaction(em -> new UserRepository(em).delete(UUID.randomUUID()))).isFalse();
    }
}
