package dev.whitemagic.persistence.idempotency;

import dev.whitemagic.persistence.limits.StatementTimeouts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The idempotency_keys table, in plain SQL: it has no behaviour worth an entity, and its insert must be
 * {@code ON CONFLICT DO NOTHING}: inside a JTA transaction a unique violation dooms the transaction even when it is
 * caught.
 */
@ApplicationScoped
public class IdempotencyRepository {

    /**
     * A stored first answer.
     *
     * @param requestHash  the SHA-256 hex of the request that got it, to tell a retry from another request
     * @param status       its HTTP status
     * @param responseBody its body, or {@code null}
     * @param resourceId   the id of what it created, or {@code null}
     * @param createdAt    when it was stored
     */
    public record StoredResponse(String requestHash, int status, String responseBody, UUID resourceId,
                                 Instant createdAt) {
    }

    @PersistenceContext(unitName = "whitemagic")
    EntityManager entityManager;

    /** For CDI. */
    IdempotencyRepository() {
    }

    /** For use outside a container (tests), with an entity manager whose transactions the caller runs. */
    public IdempotencyRepository(EntityManager entityManager) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager");
    }

    /**
     * @param notBefore the start of the replay window: an older answer counts as absent (it may not be purged yet)
     * @return the answer stored under the user's key, if it is recent enough
     */
    public Optional<StoredResponse> find(UUID userId, String key, Instant notBefore) {
        List<?> rows = entityManager.createNativeQuery("SELECT request_hash, status, response_body, resource_id,"
                        + " created_at FROM idempotency_keys"
                        + " WHERE user_id = :userId AND idempotency_key = :key AND created_at >= :notBefore")
                .setParameter("userId", userId)
                .setParameter("key", key)
                .setParameter("notBefore", notBefore)
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new StoredResponse(((String) row[0]).strip(), ((Number) row[1]).intValue(),
                (String) row[2], row[3] == null ? null : uuid(row[3]), instant(row[4])));
    }

    /**
     * Stores the first answer to a key, unless one is stored already. Two racing requests with the same key both
     * call this; exactly one gets {@code true}, and the other should roll back what it did and replay the winner's
     * answer (after the winner commits, {@link #find} returns it).
     * <p>
     * A stored answer older than the replay window still blocks the key until it is purged; use
     * {@link #insertIfAbsent(UUID, String, String, int, String, UUID, Instant, Instant)} to replace such an answer.
     *
     * @return {@code true} if this call stored the answer
     */
    public boolean insertIfAbsent(UUID userId, String key, String requestHash, int status, String body,
                                  UUID resourceId, Instant now) {
        return insertIfAbsent(userId, key, requestHash, status, body, resourceId, now, null);
    }

    /**
     * Like {@link #insertIfAbsent(UUID, String, String, int, String, UUID, Instant)}, but an answer stored before
     * {@code replaceOlderThan} (outside the replay window, not yet purged) is overwritten rather than kept.
     *
     * @param replaceOlderThan the start of the replay window, or {@code null} to never replace
     * @return {@code true} if this call stored the answer
     */
    public boolean insertIfAbsent(UUID userId, String key, String requestHash, int status, String body,
                                  UUID resourceId, Instant now, Instant replaceOlderThan) {
        String onConflict = replaceOlderThan == null ? " ON CONFLICT DO NOTHING"
                : " ON CONFLICT (user_id, idempotency_key) DO UPDATE SET request_hash = EXCLUDED.request_hash,"
                + " status = EXCLUDED.status, response_body = EXCLUDED.response_body,"
                + " resource_id = EXCLUDED.resource_id, created_at = EXCLUDED.created_at"
                + " WHERE idempotency_keys.created_at < :replaceOlderThan";
        var insert = entityManager.createNativeQuery("INSERT INTO idempotency_keys"
                        + " (user_id, idempotency_key, request_hash, status, response_body, resource_id, created_at)"
                        + " VALUES (:userId, :key, :requestHash, :status, :body, CAST(:resourceId AS uuid), :now)"
                        + onConflict)
                .setParameter("userId", userId)
                .setParameter("key", key)
                .setParameter("requestHash", requestHash)
                .setParameter("status", status)
                .setParameter("body", body)
                // As text: a null UUID parameter would be bound without a type that PostgreSQL can cast.
                .setParameter("resourceId", resourceId == null ? null : resourceId.toString())
                .setParameter("now", now);
        if (replaceOlderThan != null) {
            insert.setParameter("replaceOlderThan", replaceOlderThan);
        }
        return insert.executeUpdate() == 1;
    }

    /**
     * Deletes answers stored before the cutoff (served by ix_idempotency_keys_created_at).
     *
     * @return how many were deleted
     */
    public int purgeOlderThan(Instant cutoff) {
        // Maintenance, not a request: no statement timeout for the rest of the caller's transaction.
        StatementTimeouts.liftForTransaction(entityManager);
        return entityManager.createNativeQuery("DELETE FROM idempotency_keys WHERE created_at < :cutoff")
                .setParameter("cutoff", cutoff)
                .executeUpdate();
    }

    private static UUID uuid(Object value) {
        return value instanceof UUID id ? id : UUID.fromString(value.toString());
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("unexpected created_at of type " + value.getClass().getName());
    }
}
