package dev.whitemagic.persistence.apikey;

import static dev.whitemagic.persistence.TestDatabase.fromTransaction;
import static dev.whitemagic.persistence.TestDatabase.inTransaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.whitemagic.domain.apikey.ApiKey;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

class ApiKeyPersistenceIT {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00.654321Z");

    private static User persistedUser() {
        User user = new User("key-owner-" + UUID.randomUUID() + "@example.com", T0);
        inTransaction(em -> em.persist(user));
        return user;
    }

    private static String uniqueHash() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    @Test
    void persist_newKey_isStoredActive_withHashPrefixAndExpiry() {
        User user = persistedUser();
        String hash = uniqueHash();
        Instant expiry = T0.plusSeconds(86_400);
        ApiKey key = fromTransaction(em -> {
            ApiKey created = new ApiKey(em.find(User.class, user.getId()), hash, "wm_test_abcdefgh", "ci", T0, expiry);
            em.persist(created);
            return created;
        });

        ApiKey loaded = fromTransaction(em -> em.find(ApiKey.class, key.getId()));

        assertThat(loaded.getKeyHash()).isEqualTo(hash);
        assertThat(loaded.getKeyPrefix()).isEqualTo("wm_test_abcdefgh");
        assertThat(loaded.getName()).isEqualTo("ci");
        assertThat(loaded.isActive()).isTrue();
        assertThat(loaded.getCreatedAt()).isEqualTo(T0);
        assertThat(loaded.getExpiresAt()).isEqualTo(expiry);
        assertThat(loaded.getLastUsedAt()).isNull();
        assertThat(loaded.isUsableAt(T0.plusSeconds(1))).isTrue();
    }

    @Test
    void keysAndUser_navigateBothWays() {
        User user = persistedUser();
        List<UUID> keyIds = fromTransaction(em -> {
            User owner = em.getReference(User.class, user.getId());
            ApiKey first = new ApiKey(owner, uniqueHash(), "wm_test_first000", null, T0, null);
            ApiKey second = new ApiKey(owner, uniqueHash(), "wm_test_second00", null, T0, null);
            em.persist(first);
            em.persist(second);
            return List.of(first.getId(), second.getId());
        });

        List<UUID> fromUser = fromTransaction(em ->
                em.find(User.class, user.getId()).getApiKeys().stream().map(ApiKey::getId).toList());
        UUID ownerOfKey = fromTransaction(em -> em.find(ApiKey.class, keyIds.get(0)).getUser().getId());

        assertThat(fromUser).containsExactlyInAnyOrderElementsOf(keyIds);
        assertThat(ownerOfKey).isEqualTo(user.getId());
    }

    @Test
    void persist_duplicateHash_isRefusedByTheUniqueIndex() {
        User user = persistedUser();
        String hash = uniqueHash();
        inTransaction(em -> em.persist(
                new ApiKey(em.getReference(User.class, user.getId()), hash, "wm_test_original", null, T0, null)));

        Throwable refusal = catchThrowable(() -> inTransaction(em -> em.persist(
                new ApiKey(em.getReference(User.class, user.getId()), hash, "wm_test_copy0000", null, T0, null))));

        assertThat(TestDatabase.violatedConstraint(refusal)).contains("ix_api_keys_key_hash");
    }

    @Test
    void revokeAndUse_onManagedKey_areWrittenAtCommit() {
        User user = persistedUser();
        ApiKey key = fromTransaction(em -> {
            ApiKey created = new ApiKey(em.getReference(User.class, user.getId()), uniqueHash(), "wm_test_revoked0",
                    null, T0, null);
            em.persist(created);
            return created;
        });
        Instant used = T0.plusSeconds(30);

        inTransaction(em -> {
            ApiKey managed = em.find(ApiKey.class, key.getId());
            managed.usedAt(used);
            managed.revoke(used);
        });

        ApiKey loaded = fromTransaction(em -> em.find(ApiKey.class, key.getId()));
        assertThat(loaded.isActive()).isFalse();
        assertThat(loaded.getRevokedAt()).isEqualTo(used);
        assertThat(loaded.isUsableAt(used)).isFalse();
        assertThat(loaded.getLastUsedAt()).isEqualTo(used);
    }

    @Test
    void toString_ofLoadedKey_neverShowsTheHash() {
        User user = persistedUser();
        String hash = uniqueHash();
        ApiKey key = fromTransaction(em -> {
            ApiKey created = new ApiKey(em.getReference(User.class, user.getId()), hash, "wm_test_printed0", null, T0,
                    null);
            em.persist(created);
            return created;
        });

        String text = fromTransaction(em -> em.find(ApiKey.class, key.getId()).toString());

        assertThat(text).contains(key.getId().toString()).doesNotContain(hash);
    }
}
