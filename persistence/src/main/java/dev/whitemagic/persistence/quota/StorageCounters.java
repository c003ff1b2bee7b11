package dev.whitemagic.persistence.quota;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The storage counters of the quotas table ({@code memories_count}, {@code storage_bytes}), in plain SQL through the
 * caller's entity manager, so that every change joins the transaction of the memory write it counts.
 * <p>
 * Each change is one UPDATE of the user's row, which also takes the row's lock until the transaction ends: writers of
 * one user's memories queue on it, so a cap holds exactly under concurrency. Callers take their memory row locks
 * before this one (never the other way round), so the two kinds of lock cannot deadlock.
 */
@ApplicationScoped
public class StorageCounters {

    /** A user's storage counters as stored. */
    public record Usage(long memories, long bytes) {
    }

    @PersistenceContext(unitName = "whitemagic")
    EntityManager entityManager;

    /** For CDI. */
    StorageCounters() {
    }

    /** For use outside a container (tests), with an entity manager whose transactions the caller runs. */
    public StorageCounters(EntityManager entityManager) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager");
    }

    /**
     * Adds to the counters unless that takes one past its cap; a counter that does not grow is not checked, so a
     * shrink always works (also for a user who is over a cap since a plan change).
     *
     * @param memories    memories to add (negative: fewer)
     * @param bytes       bytes to add (negative: fewer)
     * @param maxMemories the cap on {@code memories_count}
     * @param maxBytes    the cap on {@code storage_bytes}
     * @return {@code true} if the counters were changed; {@code false} if a cap refused, or the user has no row
     */
    public boolean addWithinCaps(UUID userId, long memories, long bytes, long maxMemories, long maxBytes) {
        return entityManager.createNativeQuery("UPDATE quotas"
                        + " SET memories_count = memories_count + :memories, storage_bytes = storage_bytes + :bytes"
                        + " WHERE user_id = :userId"
                        + " AND (:memories <= 0 OR memories_count + :memories <= :maxMemories)"
                        + " AND (:bytes <= 0 OR storage_bytes + :bytes <= :maxBytes)")
                .setParameter("userId", Objects.requireNonNull(userId, "userId"))
                .setParameter("memories", memories)
                .setParameter("bytes", bytes)
                .setParameter("maxMemories", maxMemories)
                .setParameter("maxBytes", maxBytes)
                .executeUpdate() == 1;
    }

    /**
     * Adds to the counters without looking at any cap (what frees space, and maintenance that must not be refused).
     *
     * @return {@code true} if the counters were changed; {@code false} if the user has no row
     */
    public boolean add(UUID userId, long memories, long bytes) {
        return entityManager.createNativeQuery("UPDATE quotas"
                        + " SET memories_count = memories_count + :memories, storage_bytes = storage_bytes + :bytes"
                        + " WHERE user_id = :userId")
                .setParameter("userId", Objects.requireNonNull(userId, "userId"))
                .setParameter("memories", memories)
                .setParameter("bytes", bytes)
                .executeUpdate() == 1;
    }

    /**
     * Reads the counters and locks the row until the transaction ends, so that what is read stays true until then:
     * used to explain a refusal (and to decide again when the row changed in between).
     *
     * @return the counters, or empty if the user has no row
     */
    public Optional<Usage> lock(UUID userId) {
        List<?> rows = entityManager.createNativeQuery("SELECT memories_count, storage_bytes FROM quotas"
                        + " WHERE user_id = :userId FOR UPDATE")
                .setParameter("userId", Objects.requireNonNull(userId, "userId"))
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new Usage(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
    }

    /**
     * Creates the missing quota row of a user, its storage counters counted from the memories table as this
     * transaction sees it; a row that exists (or that a concurrent transaction inserts first) is left alone
     * ({@code ON CONFLICT DO NOTHING}: inside JTA a caught unique violation would still doom the transaction).
     *
     * @param today today's UTC date, from the caller's clock: the start of the request windows
     * @return {@code true} if this call created the row
     */
    public boolean createFromMemories(UUID userId, LocalDate today) {
        return entityManager.createNativeQuery("INSERT INTO quotas"
                        + " (user_id, memories_count, storage_bytes, last_reset_daily, last_reset_monthly)"
                        + " SELECT CAST(:userId AS uuid), count(*), coalesce(sum(m.size_bytes), 0), :today, :today"
                        + " FROM memories m WHERE m.user_id = :userId"
                        + " ON CONFLICT (user_id) DO NOTHING")
                .setParameter("userId", Objects.requireNonNull(userId, "userId"))
                .setParameter("today", Objects.requireNonNull(today, "today"))
                .executeUpdate() == 1;
    }

    /** @return the memories of every user, archived ones included, as the counters say (one scan of quotas) */
    public long totalMemories() {
        return ((Number) entityManager.createNativeQuery("SELECT coalesce(sum(memories_count), 0) FROM quotas")
                .getSingleResult()).longValue();
    }
}
