package dev.whitemagic.persistence.user;

import dev.whitemagic.domain.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The users table. */
@ApplicationScoped
public class UserRepository {

    @PersistenceContext(unitName = "whitemagic")
    EntityManager entityManager;

    /** For CDI. */
    UserRepository() {
    }

    /**
     * For use outside a container (tests), with an entity manager whose transactions the caller runs. Public,
     * unlike a test seam would normally be, because the auth module's tests build their repositories too.
     */
    public UserRepository(EntityManager entityManager) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager");
    }

    /** Makes a new user persistent; a duplicate email or Whop id fails at flush (prefer {@link #insertIfAbsent}). */
    public void persist(User user) {
        entityManager.persist(user);
    }

    /**
     * Inserts a new user unless one with the same email (in any case), Whop user id or Whop membership id exists.
     * <p>
     * {@code ON CONFLICT DO NOTHING} rather than a caught unique violation: inside JTA a failed insert marks the whole
     * transaction rollback-only, even when the exception is caught. The row is written past the persistence
     * context; load it with {@link #find(UUID)} afterwards.
     *
     * @param user a new, not yet persistent user
     * @return {@code true} if the row was inserted, {@code false} if a unique column collided
     */
    public boolean insertIfAbsent(User user) {
        int inserted = entityManager.createNativeQuery("INSERT INTO users"
                        + " (id, email, whop_user_id, whop_membership_id, plan_tier, created_at, updated_at)"
                        + " VALUES (:id, :email, :whopUserId, :whopMembershipId, :planTier, :createdAt, :updatedAt)"
                        + " ON CONFLICT DO NOTHING")
                .setParameter("id", user.getId())
                .setParameter("email", user.getEmail())
                .setParameter("whopUserId", user.getWhopUserId())
                .setParameter("whopMembershipId", user.getWhopMembershipId())
                .setParameter("planTier", user.getPlanTier())
                .setParameter("createdAt", user.getCreatedAt())
                .setParameter("updatedAt", user.getUpdatedAt())
                .executeUpdate();
        return inserted == 1;
    }

    public Optional<User> find(UUID id) {
        return Optional.ofNullable(entityManager.find(User.class, id));
    }

    /** @return the user with this email, compared without regard to case */
    public Optional<User> findByEmail(String email) {
        // lower() on both sides matches the unique index ix_users_lower_email, so this is an index lookup.
        return entityManager.createQuery("SELECT u FROM User u WHERE lower(u.email) = lower(:email)", User.class)
                .setParameter("email", email)
                .getResultStream().findFirst();
    }

    public Optional<User> findByWhopUserId(String whopUserId) {
        return entityManager.createQuery("SELECT u FROM User u WHERE u.whopUserId = :id", User.class)
                .setParameter("id", whopUserId)
                .getResultStream().findFirst();
    }

    public Optional<User> findByWhopMembershipId(String whopMembershipId) {
        return entityManager.createQuery("SELECT u FROM User u WHERE u.whopMembershipId = :id", User.class)
                .setParameter("id", whopMembershipId)
                .getResultStream().findFirst();
    }

    /**
     * Deletes a user; the database deletes their keys, quota, usage, memories and idempotency entries with it (ON
     * DELETE CASCADE), which is why this is a bulk delete and not {@code remove}: the dependants are never loaded.
     *
     * @return {@code true} if the user existed
     */
    public boolean delete(UUID id) {
        // Pending changes first: clear() below would otherwise drop them.
        entityManager.flush();
        int deleted = entityManager.createQuery("DELETE FROM User u WHERE u.id = :id")
                .setParameter("id", id)
                .executeUpdate();
        // Entities of the deleted rows may still sit in the persistence context; they must not be written back.
        entityManager.clear();
        return deleted == 1;
    }
}
