package dev.whitemagic.persistence.quota;

import dev.whitemagic.domain.quota.Quota;
import dev.whitemagic.domain.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The quotas table. */
@ApplicationScoped
public class QuotaRepository {

    @PersistenceContext(unitName = "whitemagic")
    EntityManager entityManager;

    /** For CDI. */
    QuotaRepository() {
    }

    /**
     * For use outside a container (tests), with an entity manager whose transactions the caller runs. Public
     * because the auth module's tests build their repositories too.
     */
    public QuotaRepository(EntityManager entityManager) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager");
    }

    /**
     * Creates the empty quota of a new user.
     *
     * @param user  the owner, persistent in this transaction
     * @param today today's UTC date, from the caller's clock
     * @return the new quota
     */
    public Quota create(User user, LocalDate today) {
        Quota quota = new Quota(user, today);
        entityManager.persist(quota);
        return quota;
    }

    public Optional<Quota> find(UUID userId) {
        return Optional.ofNullable(entityManager.find(Quota.class, userId));
    }
}
