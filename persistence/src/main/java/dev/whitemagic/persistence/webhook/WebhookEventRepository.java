package dev.whitemagic.persistence.webhook;

import dev.whitemagic.persistence.limits.StatementTimeouts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.Objects;

/**
 * The webhook_events table, in plain SQL: an event has no behaviour worth an entity, and its claim must be
 * {@code INSERT … ON CONFLICT DO NOTHING}: inside a JTA transaction a unique violation dooms the transaction even
 * when it is caught. Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class WebhookEventRepository {

    /**
     * The first key of the two-key advisory locks taken on memberships, so that they never collide with advisory
     * locks others take on a single key or under another class ("WHOP" in ASCII).
     */
    static final int MEMBERSHIP_LOCK_CLASS = 0x57484F50;

    /** pg_advisory_xact_lock returns void, which JPA cannot map; counting the one row forces the call. */
    private static final String LOCK_SQL =
            "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(?1, hashtext(?2))) AS locked";

    @PersistenceContext(unitName = "whitemagic")
    EntityManager entityManager;

    /** For CDI. */
    WebhookEventRepository() {
    }

    /** For use outside a container (tests), with an entity manager whose transactions the caller runs. */
    public WebhookEventRepository(EntityManager entityManager) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager");
    }

    /**
     * Waits until no other transaction handles an event of this membership, and keeps the lock until the caller's
     * transaction ends. Two membership ids whose hashes collide only wait for each other needlessly.
     */
    public void lockMembership(String membershipId) {
        entityManager.createNativeQuery(LOCK_SQL)
                .setParameter(1, MEMBERSHIP_LOCK_CLASS)
                .setParameter(2, Objects.requireNonNull(membershipId, "membershipId"))
                .getSingleResult();
    }

    /**
     * Records an event as handled, unless it was already. A second delivery that races the first waits on the
     * primary key until the first transaction ends: if that one commits, this call returns {@code false}; if it
     * rolls back, this one claims the event.
     *
     * @param membershipId   the membership the event is about, or {@code null}
     * @param eventCreatedAt the event's own time, or {@code null} if it has none
     * @param outcome        what handling it did: {@code applied}, {@code stale}, {@code ignored}
     * @return {@code true} if this call recorded the event, {@code false} if it was recorded before
     */
    public boolean claim(String eventId, String type, String membershipId, Instant eventCreatedAt, Instant receivedAt,
                         String outcome) {
        return entityManager.createNativeQuery("INSERT INTO webhook_events"
                        + " (event_id, type, membership_id, event_created_at, received_at, outcome)"
                        + " VALUES (:eventId, :type, :membershipId, CAST(:eventCreatedAt AS timestamptz), :receivedAt,"
                        + " :outcome) ON CONFLICT (event_id) DO NOTHING")
                .setParameter("eventId", eventId)
                .setParameter("type", type)
                .setParameter("membershipId", membershipId)
                // As text: a null instant parameter would be bound without a type PostgreSQL can cast.
                .setParameter("eventCreatedAt", eventCreatedAt == null ? null : eventCreatedAt.toString())
                .setParameter("receivedAt", Objects.requireNonNull(receivedAt, "receivedAt"))
                .setParameter("outcome", outcome)
                .executeUpdate() == 1;
    }

    /**
     * Whether an event of this membership with a time later than the given one was applied: then an event of that
     * time is out of order and must change nothing. Events without a time never count.
     */
    public boolean appliedAfter(String membershipId, Instant eventCreatedAt) {
        return !entityManager.createNativeQuery("SELECT 1 FROM webhook_events WHERE membership_id = :membershipId"
                        + " AND event_created_at > :eventCreatedAt AND outcome = 'applied' LIMIT 1")
                .setParameter("membershipId", Objects.requireNonNull(membershipId, "membershipId"))
                .setParameter("eventCreatedAt", Objects.requireNonNull(eventCreatedAt, "eventCreatedAt"))
                .getResultList().isEmpty();
    }

    /**
     * Whether an event of this membership that has a time was applied. An event without a time cannot be placed
     * among those, so once one exists such an event must change nothing: it may be older than all of them.
     */
    public boolean appliedWithTime(String membershipId) {
        return !entityManager.createNativeQuery("SELECT 1 FROM webhook_events WHERE membership_id = :membershipId"
                        + " AND event_created_at IS NOT NULL AND outcome = 'applied' LIMIT 1")
                .setParameter("membershipId", Objects.requireNonNull(membershipId, "membershipId"))
                .getResultList().isEmpty();
    }

    /**
     * Deletes events received before the cutoff (served by ix_webhook_events_received_at); idempotent, safe to run
     * on several nodes at once.
     *
     * @return how many were deleted
     */
    public int purgeReceivedBefore(Instant cutoff) {
        // Maintenance, not a request: no statement timeout for the rest of the caller's transaction.
        StatementTimeouts.liftForTransaction(entityManager);
        return entityManager.createNativeQuery("DELETE FROM webhook_events WHERE received_at < :cutoff")
                .setParameter("cutoff", Objects.requireNonNull(cutoff, "cutoff"))
                .executeUpdate();
    }
}
