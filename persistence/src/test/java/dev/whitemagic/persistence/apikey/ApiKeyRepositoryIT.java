package dev.whitemagic.persistence.apikey;

import static dev.whitemagic.persistence.TestDatabase.fromTransaction;
import static dev.whitemagic.persistence.TestDatabase.inTransaction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.apikey.ApiKey;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestDatabase;
import org.hibernate.Hibernate;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

class ApiKeyRepositoryIT {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    private static User persistedUser() {
        User user = new User("repo-keys-" + UUID.randomUUID() + "@example.com", "pro", T0);
        inTransaction(em -> em.persist(user));
        return user;
    }

    private static ApiKey persistedKey(User user, Instant createdAt, Instant expiresAt) {
        return fromTransaction(em -> {
            ApiKey key = new ApiKey(em.getReference(User.class, user.getId()), "hash-" + UUID.randomUUID(),
                    "wm_test_abcdefgh", "k", "test", List.of("memories:read", "usage:read"), createdAt, expiresAt);
            new ApiKeyRepository(em).persist(key);
            return key;
        });
    }

    @Test
    void persist_environmentScopesAndRevocation_roundTrip() {
        User user = persistedUser();
        ApiKey key = persistedKey(user, T0, null);
        inTransaction(em -> new ApiKeyRepository(em).findForUser(user.getId(), key.getId()).orElseThrow()
                .revoke(T0.plusSeconds(5)));

        ApiKey loaded = fromTransaction(em -> new ApiKeyRepository(em).findForUser(user.getId(), key.getId()))
                .orElseThrow();

        assertThat(loaded.getEnvironment()).isEqualTo("test");
        assertThat(loaded.getScopes()).containsExactly("memories:read", "usage:read");
        assertThat(loaded.getRevokedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(loaded.isActive()).isFalse();
    }

    @Test
    void findForUser_anotherUsersKey_isAbsent() {
        ApiKey key = persistedKey(persistedUser(), T0, null);
        User stranger = persistedUser();

        assertThat(TestDatabase.<Optional<ApiKey>>fromTransaction(em -> new ApiKeyRepository(em).findForUser(stranger.getId(), key.getId())))
                .isEmpty();
    }

    @Test
    void findUsableByHash_usableKey_comesWithItsUserLoaded() {
        User user = persistedUser();
        ApiKey key = persistedKey(user, T0, T0.plusSeconds(60));

        Optional<ApiKey> found = fromTransaction(em -> {
            Optional<ApiKey> result = new ApiKeyRepository(em).findUsableByHash(key.getKeyHash(), T0.plusSeconds(59));
            result.ifPresent(k -> assertThat(Hibernate.isInitialized(k.getUser())).isTrue());
            return result;
        });

        assertThat(found).map(ApiKey::getId).contains(key.getId());
        assertThat(found.orElseThrow().getUser().getPlanTier()).isEqualTo("pro");
    }

    @Test
    void findUsableByHash_expiredRevokedOrUnknown_isAbsent() {
        User user = persistedUser();
        ApiKey expiring = persistedKey(user, T0, T0.plusSeconds(60));
        ApiKey revoked = persistedKey(user, T0, null);
        inTransaction(em -> em.find(ApiKey.class, revoked.getId()).revoke(T0.plusSeconds(1)));

        assertThat(TestDatabase.<Optional<ApiKey>>fromTransaction(em -> new ApiKeyRepository(em).findUsableByHash(expiring.getKeyHash(),
                T0.plusSeconds(60)))).isEmpty();
        assertThat(TestDatabase.<Optional<ApiKey>>fromTransaction(em -> new ApiKeyRepository(em).findUsableByHash(revoked.getKeyHash(),
                T0.plusSeconds(2)))).isEmpty();
        assertThat(TestDatabase.<Optional<ApiKey>>fromTransaction(em -> new ApiKeyRepository(em).findUsableByHash("no-such-hash", T0))).isEmpty();
    }

    @Test
    void listByUser_newestFirst_withOrWithoutInactive() {
        User user = persistedUser();
        ApiKey oldest = persistedKey(user, T0, null);
        ApiKey expired = persistedKey(user, T0.plusSeconds(10), T0.plusSeconds(20));
        ApiKey revoked = persistedKey(user, T0.plusSeconds(20), null);
        ApiKey newest = persistedKey(user, T0.plusSeconds(30), null);
        inTransaction(em -> em.find(ApiKey.class, revoked.getId()).revoke(T0.plusSeconds(25)));
        persistedKey(persistedUser(), T0.plusSeconds(40), null);
        Instant now = T0.plusSeconds(100);

        List<UUID> active = fromTransaction(em -> new ApiKeyRepository(em).listByUser(user.getId(), false, now))
                .stream().map(ApiKey::getId).toList();
        List<UUID> all = fromTransaction(em -> new ApiKeyRepository(em).listByUser(user.getId(), true, now))
                .stream().map(ApiKey::getId).toList();

        assertThat(active).containsExactly(newest.getId(), oldest.getId());
        assertThat(all).containsExactly(newest.getId(), revoked.getId(), expired.getId(), oldest.getId());
    }
}
