package dev.whitemagic.persistence.apikey;

import dev.whitemagic.domain.apikey.ApiKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The api_keys table. */
@ApplicationScoped
public class ApiKeyRepository {

    @PersistenceContext(unitName = "whitemagic")
    EntityManager entityManager;

    /** For CDI. */
    ApiKeyRepository() {
    }

    /**
     * For use outside a container (tests), with an entity manager whose transactions the caller runs. Public
     * because the auth module's tests build their repositories too.
     */
    public ApiKeyRepository(EntityManager entityManager) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager");
    }

    public void persist(ApiKey key) {
        entityManager.persist(key);
    }

    /**
     * @return the key if it exists and belongs to the user; another user's key is reported as absent
     */
    public Optional<ApiKey> findForUser(UUID userId, UUID keyId) {
        return entityManager.createQuery("SELECT k FROM ApiKey k WHERE k.id = :keyId AND k.user.id = :userId",
                        ApiKey.class)
                .setParameter("keyId", keyId)
                .setParameter("userId", userId)
                .getResultStream().findFirst();
    }

    /**
     * Like {@link #findForUser}, and locks the key's row until the caller's transaction ends, so that two
     * rotations of one key run one after the other and the second sees the first's successor.
     *
     * @return the key if it exists and belongs to the user; another user's key is reported as absent
     */
    public Optional<ApiKey> findForUserForUpdate(UUID userId, UUID keyId) {
        return entityManager.createQuery("SELECT k FROM ApiKey k WHERE k.id = :keyId AND k.user.id = :userId",
                        ApiKey.class)
                .setParameter("keyId", keyId)
                .setParameter("userId", userId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst();
    }

    /**
     * The lookup behind every authentication that misses the cache: the key and its user in one query, and only
     * if the key is usable at {@code now} (active, not revoked, not expired).
     *
     * @param keyHash the SHA-256 hex of the presented key
     * @param now     the instant of the request
     * @return the usable key with its user loaded
     */
    public Optional<ApiKey> findUsableByHash(String keyHash, Instant now) {
        return entityManager.createQuery("SELECT k FROM ApiKey k JOIN FETCH k.user"
                        + " WHERE k.keyHash = :keyHash AND k.active = true AND k.revokedAt IS NULL"
                        + " AND (k.expiresAt IS NULL OR k.expiresAt > :now)", ApiKey.class)
                .setParameter("keyHash", keyHash)
                .setParameter("now", now)
                .getResultStream().findFirst();
    }

    /**
     * A user's keys, newest first (served by ix_api_keys_user_id_created_at).
     *
     * @param includeInactive whether revoked and expired keys are listed too
     * @param now             the instant that decides what has expired
     */
    public List<ApiKey> listByUser(UUID userId, boolean includeInactive, Instant now) {
        if (includeInactive) {
            return entityManager.createQuery("SELECT k FROM ApiKey k WHERE k.user.id = :userId"
                            + " ORDER BY k.createdAt DESC, k.id DESC", ApiKey.class)
                    .setParameter("userId", userId)
                    .getResultList();
        }
        return entityManager.createQuery("SELECT k FROM ApiKey k WHERE k.user.id = :userId"
                        + " AND k.active = true AND k.revokedAt IS NULL AND (k.expiresAt IS NULL OR k.expiresAt > :now)"
                        + " ORDER BY k.createdAt DESC, k.id DESC", ApiKey.class)
                .setParameter("userId", userId)
                .setParameter("now", now)
                .getResultList();
    }
}
