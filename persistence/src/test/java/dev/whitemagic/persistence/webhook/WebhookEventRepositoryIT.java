package dev.whitemagic.persistence.webhook;

import static dev.whitemagic.persistence.TestDatabase.fromTransaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.persistence.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class WebhookEventRepositoryIT {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID();
    }

    private static boolean claim(String eventId, String membership, Instant createdAt, String outcome) {
        return fromTransaction(em -> new WebhookEventRepository(em).claim(eventId, "membership.went_valid", membership,
                createdAt, T0, outcome));
    }

    private static boolean appliedAfter(String membership, Instant createdAt) {
        return fromTransaction(em -> new WebhookEventRepository(em).appliedAfter(membership, createdAt));
    }

    /** A transaction that stays open until the test commits or rolls it back. */
    private static final class OpenTransaction implements AutoCloseable {
        final EntityManager em = TestDatabase.entityManagerFactory().createEntityManager();
        final EntityTransaction transaction = em.getTransaction();

        OpenTransaction() {
            transaction.begin();
        }

        WebhookEventRepository events() {
            return new WebhookEventRepository(em);
        }

        @Override
        public void close() {
            if (transaction.isActive()) {
                transaction.rollback();
            }
            em.close();
        }
    }

    private <T> Future<T> inOtherTransaction(Function<WebhookEventRepository, T> work) {
        return pool.submit(() -> fromTransaction(em -> work.apply(new WebhookEventRepository(em))));
    }

    private static void assertStillWaiting(Future<?> future) {
        Executable wait = () -> future.get(400, TimeUnit.MILLISECONDS);
        assertThatThrownBy(wait::execute).isInstanceOf(TimeoutException.class);
    }

    @Test
    void claim_storesTheEvent_onceOnly() {
        String eventId = unique("evt");
        String membership = unique("mem");

        assertThat(claim(eventId, membership, T0.minusSeconds(5), "applied")).isTrue();
        assertThat(claim(eventId, membership, T0.minusSeconds(5), "applied")).isFalse();
        assertThat(claim(eventId, null, null, "stale")).isFalse();

        List<Map<String, Object>> rows = TestDatabase.query("SELECT type, membership_id, event_created_at, received_at,"
                + " outcome FROM webhook_events WHERE event_id = ?", eventId);
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("type", "membership.went_valid")
                    .containsEntry("membership_id", membership)
                    .containsEntry("outcome", "applied");
            assertThat(((java.sql.Timestamp) row.get("event_created_at")).toInstant()).isEqualTo(T0.minusSeconds(5));
            assertThat(((java.sql.Timestamp) row.get("received_at")).toInstant()).isEqualTo(T0);
        });
    }

    @Test
    void claim_withoutMembershipOrTime_storesNulls() {
        String eventId = unique("evt");

        assertThat(claim(eventId, null, null, "ignored")).isTrue();

        assertThat(TestDatabase.query("SELECT membership_id, event_created_at, outcome FROM webhook_events"
                + " WHERE event_id = ?", eventId)).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("membership_id", null).containsEntry("event_created_at", null)
                .containsEntry("outcome", "ignored"));
    }

    @Test
    void appliedAfter_countsOnlyLaterAppliedEventsOfTheSameMembership() {
        String membership = unique("mem");
        claim(unique("evt"), membership, T0, "applied");
        claim(unique("evt"), membership, T0.plusSeconds(60), "stale");
        claim(unique("evt"), membership, null, "applied");
        claim(unique("evt"), unique("mem"), T0.plusSeconds(60), "applied");

        assertThat(appliedAfter(membership, T0.minusMillis(1))).isTrue();
        assertThat(appliedAfter(membership, T0)).as("an equal time is not older").isFalse();
        assertThat(appliedAfter(membership, T0.plusSeconds(1))).isFalse();
        assertThat(appliedAfter(unique("mem"), T0.minusSeconds(1))).isFalse();
    }

    @Test
    void aRacingClaim_waitsForTheFirst_andLosesIfItCommits() throws Exception {
        String eventId = unique("evt");
        try (OpenTransaction first = new OpenTransaction()) {
            assertThat(first.events().claim(eventId, "membership.updated", null, null, T0, "applied")).isTrue();

            Future<Boolean> second = inOtherTransaction(
                    events -> events.claim(eventId, "membership.updated", null, null, T0, "applied"));
            assertStillWaiting(second);

            first.transaction.commit();
            assertThat(second.get(10, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void aRacingClaim_winsIfTheFirstRollsBack() throws Exception {
        String eventId = unique("evt");
        try (OpenTransaction first = new OpenTransaction()) {
            assertThat(first.events().claim(eventId, "membership.updated", null, null, T0, "applied")).isTrue();

            Future<Boolean> second = inOtherTransaction(
                    events -> events.claim(eventId, "membership.updated", null, null, T0, "applied"));
            assertStillWaiting(second);

            first.transaction.rollback();
            assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(TestDatabase.query("SELECT event_id FROM webhook_events WHERE event_id = ?", eventId)).hasSize(1);
    }

    @Test
    void lockMembership_holdsOtherTransactionsOfThatMembership_untilTheEnd() throws Exception {
        String membership = unique("mem");
        try (OpenTransaction first = new OpenTransaction()) {
            first.events().lockMembership(membership);

            assertThat(inOtherTransaction(events -> {
                events.lockMembership(unique("mem"));
                return true;
            }).get(10, TimeUnit.SECONDS)).as("another membership is not held").isTrue();
            Future<Boolean> same = inOtherTransaction(events -> {
                events.lockMembership(membership);
                return true;
            });
            assertStillWaiting(same);

            first.transaction.commit();
            assertThat(same.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void purgeReceivedBefore_deletesOnlyOlderEvents_andIsIdempotent() {
        // Received long before every other test's events, so that the purge touches none of theirs.
        Instant longAgo = Instant.parse("2001-01-01T00:00:00Z");
        String old = unique("evt");
        String recent = unique("evt");
        fromTransaction(em -> new WebhookEventRepository(em).claim(old, "membership.updated", null, null,
                longAgo, "applied"));
        fromTransaction(em -> new WebhookEventRepository(em).claim(recent, "membership.updated", null, null,
                longAgo.plusSeconds(3600), "applied"));

        int purged = fromTransaction(em -> new WebhookEventRepository(em).purgeReceivedBefore(longAgo.plusSeconds(60)));
        int again = fromTransaction(em -> new WebhookEventRepository(em).purgeReceivedBefore(longAgo.plusSeconds(60)));

        assertThat(purged).isEqualTo(1);
        assertThat(again).isZero();
        assertThat(TestDatabase.query("SELECT event_id FROM webhook_events WHERE event_id IN (?, ?)", old, recent))
                .extracting(row -> row.get("event_id")).containsExactly(recent);
    }
}
