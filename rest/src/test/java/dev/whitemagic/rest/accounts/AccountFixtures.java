package dev.whitemagic.rest.accounts;

import dev.whitemagic.auth.key.CallerInvalidated;
import dev.whitemagic.auth.key.KeyFixtures;
import dev.whitemagic.auth.key.RecordedEvents;
import dev.whitemagic.persistence.quota.QuotaRepository;
import dev.whitemagic.persistence.user.UserRepository;
import jakarta.persistence.EntityManager;
import java.time.Clock;

/** Builds {@link Accounts} outside CDI for tests of other packages (its constructor is package-private). */
public final class AccountFixtures {

    private AccountFixtures() {
    }

    /**
     * @param entityManager the entity manager of the caller's transaction
     * @return account operations on that entity manager, recording the invalidations they fire
     */
    public static Accounts accounts(EntityManager entityManager, Clock clock, RecordedEvents<CallerInvalidated> events) {
        return new Accounts(clock, new UserRepository(entityManager), new QuotaRepository(entityManager),
                KeyFixtures.apiKeys(entityManager, clock, events), events);
    }
}
