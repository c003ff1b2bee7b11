package dev.whitemagic.auth.key;

import dev.whitemagic.auth.AuthConfig;
import dev.whitemagic.persistence.apikey.ApiKeyRepository;
import dev.whitemagic.persistence.user.UserRepository;
import jakarta.persistence.EntityManager;

import java.time.Clock;

/** Builds {@link ApiKeys} outside CDI for tests of other packages (its constructor is package-private). */
public final class KeyFixtures {

    private KeyFixtures() {
    }

    /**
     * @param entityManager the entity manager of the caller's transaction
     * @return key operations on that entity manager, with the given clock and default environment {@code prod}
     */
    public static ApiKeys apiKeys(EntityManager entityManager, Clock clock, RecordedEvents<CallerInvalidated> events) {
        return new ApiKeys(clock, new ApiKeyGenerator(), new UserRepository(entityManager),
                new ApiKeyRepository(entityManager), events, new AuthConfig());
    }
}
