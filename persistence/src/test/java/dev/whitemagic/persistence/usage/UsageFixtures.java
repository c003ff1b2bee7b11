package dev.whitemagic.persistence.usage;

import static dev.whitemagic.persistence.TestDatabase.fromTransaction;

import dev.whitemagic.domain.apikey.ApiKey;
import dev.whitemagic.domain.user.User;
import java.time.Instant;
import java.util.UUID;

/** Users and keys in the shared test database, for the usage tests. */
final class UsageFixtures {

    static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    record Owner(UUID userId, UUID keyId) {
    }

    private UsageFixtures() {
    }

    static Owner owner() {
        return fromTransaction(em -> {
            User user = new User("usage-" + UUID.randomUUID() + "@example.com", T0);
            em.persist(user);
            ApiKey key = new ApiKey(user, (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", ""),
                    "wm_test_usage000", null, T0, null);
            em.persist(key);
            return new Owner(user.getId(), key.getId());
        });
    }
}
