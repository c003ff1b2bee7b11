package dev.whitemagic.rest.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.rest.accounts.AccountFixtures;
import dev.whitemagic.auth.key.CallerInvalidated;
import dev.whitemagic.auth.key.RecordedEvents;
import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestClock;
import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.user.UserRepository;
import dev.whitemagic.persistence.webhook.WebhookEventRepository;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whop billing against the real schema, one transaction per event as in the container, on a test clock. Each test
 * makes its own Whop ids and emails.
 */
class WhopBillingIT {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    private static final String CREATED = "membership.created";
    private static final String UPDATED = "membership.updated";
    private static final String WENT_VALID = "membership.went_valid";
    private static final String WENT_INVALID = "membership.went_invalid";
    private static final String DELETED = "membership.deleted";

    private final TestClock clock = new TestClock(T0);
    private final RecordedEvents<CallerInvalidated> invalidations = new RecordedEvents<>();
    private final WhopProducts products = new WhopProducts(key -> Optional.ofNullable(Map.of(
            "wm.whop.products.prod_pro", "pro",
            "wm.whop.products.prod_starter", "starter",
            "wm.whop.products.prod_gold", "gold").get(key)));
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    private final String membership = "mem_" + UUID.randomUUID();
    private final String whopUser = "user_" + UUID.randomUUID();
    private final String email = "Whop-" + UUID.randomUUID() + "@Example.com";

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private WhopBilling billing(EntityManager em) {
        return new WhopBilling(clock, new UserRepository(em), new WebhookEventRepository(em),
                AccountFixtures.accounts(em, clock, invalidations), products);
    }

    private WebhookOutcome handle(WhopEvent event) {
        return TestDatabase.fromTransaction(em -> billing(em).handle(event));
    }

    private static WhopEvent event(String type, Instant createdAt, String membership, String whopUser, String email,
                                   String product) {
        return new WhopEvent("evt_" + UUID.randomUUID(), type, createdAt, membership, whopUser, email, product);
    }

    private User account(String plan, String whopUserId, String membershipId) {
        return TestDatabase.fromTransaction(em -> AccountFixtures.accounts(em, clock, invalidations)
                .create("Account-" + UUID.randomUUID() + "@example.com", plan, whopUserId, membershipId).user());
    }

    private static User stored(UUID userId) {
        return TestDatabase.fromTransaction(em -> new UserRepository(em).find(userId).orElseThrow());
    }

    private static Optional<User> storedByEmail(String email) {
        return TestDatabase.fromTransaction(em -> new UserRepository(em).findByEmail(email));
    }

    private static List<Map<String, Object>> recorded(String eventId) {
        return TestDatabase.query("SELECT type, membership_id, event_created_at, received_at, outcome"
                + " FROM webhook_events WHERE event_id = ?", eventId);
    }

    private static long count(String sql, Object... parameters) {
        return ((Number) TestDatabase.query(sql, parameters).get(0).values().iterator().next()).longValue();
    }

    // --- each event type's effect on the stored account

    @Test
    void created_forANewEmail_makesTheAccountWithItsQuota_onTheMappedPlan_andNoKey() {
        WhopEvent created = event(CREATED, T0, membership, whopUser, email, "prod_pro");

        assertThat(handle(created)).isEqualTo(WebhookOutcome.APPLIED);

        User user = storedByEmail(email).orElseThrow();
        assertThat(user.getEmail()).isEqualTo(email);
        assertThat(user.getPlanTier()).isEqualTo("pro");
        assertThat(user.getWhopUserId()).isEqualTo(whopUser);
        assertThat(user.getWhopMembershipId()).isEqualTo(membership);
        assertThat(count("SELECT count(*) FROM quotas WHERE user_id = ?", user.getId())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM api_keys WHERE user_id = ?", user.getId())).isZero();
        assertThat(recorded(created.id())).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("type", CREATED).containsEntry("membership_id", membership)
                .containsEntry("outcome", "applied"));
    }

    @Test
    void created_forAnExistingEmail_inAnyCase_linksTheWhopIds_andSetsThePlan_withoutAnotherKey() {
        User existing = account("free", null, null);

        assertThat(handle(event(CREATED, T0, membership, whopUser, existing.getEmail().toUpperCase(), "prod_starter")))
                .isEqualTo(WebhookOutcome.APPLIED);

        User user = stored(existing.getId());
        assertThat(user.getPlanTier()).isEqualTo("starter");
        assertThat(user.getWhopUserId()).isEqualTo(whopUser);
        assertThat(user.getWhopMembershipId()).isEqualTo(membership);
        assertThat(count("SELECT count(*) FROM api_keys WHERE user_id = ?", user.getId())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM users WHERE lower(email) = lower(?)", existing.getEmail())).isEqualTo(1);
        assertThat(invalidations.fired()).contains(CallerInvalidated.user(user.getId()));
    }

    @Test
    void wentValid_forTheWhopUser_upgrades_linksTheMembership_andInvalidatesTheUsersCallers() {
        User existing = account("free", whopUser, null);

        assertThat(handle(event(WENT_VALID, T0, membership, whopUser, null, "prod_pro")))
                .isEqualTo(WebhookOutcome.APPLIED);

        User user = stored(existing.getId());
        assertThat(user.getPlanTier()).isEqualTo("pro");
        assertThat(user.getWhopMembershipId()).isEqualTo(membership);
        assertThat(invalidations.fired()).containsExactly(CallerInvalidated.user(user.getId()));
    }

    @Test
    void updated_ofTheMembership_changesThePlan() {
        User existing = account("pro", whopUser, membership);

        assertThat(handle(event(UPDATED, T0, membership, null, null, "prod_starter")))
                .isEqualTo(WebhookOutcome.APPLIED);

        assertThat(stored(existing.getId()).getPlanTier()).isEqualTo("starter");
    }

    @Test
    void aPlanTheAccountIsOnAlready_firesNoInvalidation() {
        User existing = account("pro", whopUser, membership);

        assertThat(handle(event(UPDATED, T0, membership, whopUser, null, "prod_pro"))).isEqualTo(WebhookOutcome.APPLIED);

        assertThat(stored(existing.getId()).getPlanTier()).isEqualTo("pro");
        assertThat(invalidations.fired()).isEmpty();
    }

    @Test
    void wentInvalid_putsTheAccountBackOnFree_andKeepsTheMembership() {
        User existing = account("pro", whopUser, membership);

        assertThat(handle(event(WENT_INVALID, T0, membership, whopUser, null, "prod_pro")))
                .isEqualTo(WebhookOutcome.APPLIED);

        User user = stored(existing.getId());
        assertThat(user.getPlanTier()).isEqualTo("free");
        assertThat(user.getWhopMembershipId()).isEqualTo(membership);
        assertThat(user.getWhopUserId()).isEqualTo(whopUser);
        assertThat(invalidations.fired()).containsExactly(CallerInvalidated.user(user.getId()));
    }

    @Test
    void deleted_putsTheAccountBackOnFree_andClearsTheMembership() {
        User existing = account("starter", whopUser, membership);

        assertThat(handle(event(DELETED, T0, membership, null, null, null))).isEqualTo(WebhookOutcome.APPLIED);

        User user = stored(existing.getId());
        assertThat(user.getPlanTier()).isEqualTo("free");
        assertThat(user.getWhopMembershipId()).isNull();
        assertThat(user.getWhopUserId()).isEqualTo(whopUser);
    }

    @Test
    void anEnd_findsTheAccountByWhopUser_whenNoAccountHoldsTheMembership() {
        User existing = account("pro", whopUser, null);

        assertThat(handle(event(WENT_INVALID, T0, membership, whopUser, null, null))).isEqualTo(WebhookOutcome.APPLIED);

        assertThat(stored(existing.getId()).getPlanTier()).isEqualTo("free");
    }

    @Test
    void anEnd_neverGoesByEmail_andWithoutAnAccountChangesNothing_butIsProcessed() {
        User byEmailOnly = account("pro", null, null);
        WhopEvent end = event(WENT_INVALID, T0, membership, whopUser, byEmailOnly.getEmail(), null);

        assertThat(handle(end)).isEqualTo(WebhookOutcome.APPLIED);

        assertThat(stored(byEmailOnly.getId()).getPlanTier()).isEqualTo("pro");
        assertThat(recorded(end.id())).singleElement().satisfies(row -> assertThat(row).containsEntry("outcome", "applied"));
    }

    // --- the product map

    @Test
    void anUnmappedOrMissingProduct_keepsThePlan_butStillLinks() {
        User existing = account("pro", null, null);

        assertThat(handle(event(WENT_VALID, T0, membership, whopUser, existing.getEmail(), "prod_unknown")))
                .isEqualTo(WebhookOutcome.APPLIED);
        assertThat(handle(event(UPDATED, T0.plusSeconds(1), membership, null, null, null)))
                .isEqualTo(WebhookOutcome.APPLIED);

        User user = stored(existing.getId());
        assertThat(user.getPlanTier()).isEqualTo("pro");
        assertThat(user.getWhopMembershipId()).isEqualTo(membership);
        assertThat(user.getWhopUserId()).isEqualTo(whopUser);
        assertThat(invalidations.fired()).isEmpty();
    }

    @Test
    void aProductMappedToNoPlan_keepsThePlan() {
        User existing = account("starter", whopUser, membership);

        assertThat(handle(event(UPDATED, T0, membership, whopUser, null, "prod_gold"))).isEqualTo(WebhookOutcome.APPLIED);

        assertThat(stored(existing.getId()).getPlanTier()).isEqualTo("starter");
    }

    @Test
    void aNewAccountWithAnUnmappedProduct_startsOnFree() {
        assertThat(handle(event(CREATED, T0, membership, whopUser, email, "prod_unknown")))
                .isEqualTo(WebhookOutcome.APPLIED);

        assertThat(storedByEmail(email).orElseThrow().getPlanTier()).isEqualTo("free");
    }

    // --- events that cannot name an account

    @Test
    void aGrantWithoutAccountOrEmail_isRecordedAsIgnored_andMakesNoAccount() {
        WhopEvent orphan = event(WENT_VALID, T0, membership, whopUser, null, "prod_pro");

        assertThat(handle(orphan)).isEqualTo(WebhookOutcome.IGNORED);

        assertThat(recorded(orphan.id())).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("outcome", "ignored"));
        assertThat(count("SELECT count(*) FROM users WHERE whop_user_id = ? OR whop_membership_id = ?", whopUser,
                membership)).isZero();
        assertThat(handle(orphan)).isEqualTo(WebhookOutcome.DUPLICATE);
    }

    @Test
    void anUnusableEmailForANewAccount_isRefusedOnDataEmail_andRecordsNothing() {
        WhopEvent event = event(CREATED, T0, membership, whopUser, "not-an-email", "prod_pro");

        assertThatThrownBy(() -> handle(event)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("data.email"));

        assertThat(recorded(event.id())).isEmpty();
    }

    @Test
    void anUnknownType_isNeitherRecordedNorActedUpon() {
        User existing = account("pro", whopUser, membership);
        WhopEvent payment = event("payment.succeeded", T0, null, null, null, null);

        assertThat(handle(payment)).isEqualTo(WebhookOutcome.UNKNOWN_TYPE);
        assertThat(handle(payment)).isEqualTo(WebhookOutcome.UNKNOWN_TYPE);

        assertThat(recorded(payment.id())).isEmpty();
        assertThat(stored(existing.getId()).getPlanTier()).isEqualTo("pro");
    }

    // --- each event id once

    @Test
    void aRepeatedEventId_isADuplicate_andChangesNothing() {
        User existing = account("free", whopUser, membership);
        WhopEvent upgrade = event(WENT_VALID, T0, membership, whopUser, null, "prod_pro");
        assertThat(handle(upgrade)).isEqualTo(WebhookOutcome.APPLIED);
        TestDatabase.fromTransaction(em -> AccountFixtures.accounts(em, clock, invalidations)
                .changePlan(existing.getId(), "starter"));

        assertThat(handle(upgrade)).isEqualTo(WebhookOutcome.DUPLICATE);
        WhopEvent sameIdOtherContent = new WhopEvent(upgrade.id(), WENT_INVALID, T0.plusSeconds(60), membership,
                whopUser, null, null);
        assertThat(handle(sameIdOtherContent)).isEqualTo(WebhookOutcome.DUPLICATE);

        assertThat(stored(existing.getId()).getPlanTier()).isEqualTo("starter");
        assertThat(recorded(upgrade.id())).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("type", WENT_VALID));
    }

    /** A transaction that stays open until the test ends it, to hold a delivery between its work and its commit. */
    private final class OpenDelivery implements AutoCloseable {
        final EntityManager em = TestDatabase.entityManagerFactory().createEntityManager();
        final EntityTransaction transaction = em.getTransaction();

        OpenDelivery() {
            transaction.begin();
        }

        WebhookOutcome handle(WhopEvent event) {
            return billing(em).handle(event);
        }

        @Override
        public void close() {
            if (transaction.isActive()) {
                transaction.rollback();
            }
            em.close();
        }
    }

    private Future<WebhookOutcome> deliverConcurrently(WhopEvent event) {
        return pool.submit(() -> handle(event));
    }

    private static void assertWaiting(Future<?> delivery) {
        assertThatThrownBy(() -> delivery.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    }

    @Test
    void twoConcurrentDeliveries_ofOneEvent_processItExactlyOnce() throws Exception {
        WhopEvent created = event(CREATED, T0, membership, whopUser, email, "prod_pro");

        try (OpenDelivery first = new OpenDelivery()) {
            assertThat(first.handle(created)).isEqualTo(WebhookOutcome.APPLIED);
            Future<WebhookOutcome> second = deliverConcurrently(created);
            assertWaiting(second);

            first.transaction.commit();
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(WebhookOutcome.DUPLICATE);
        }

        assertThat(count("SELECT count(*) FROM users WHERE lower(email) = lower(?)", email)).isEqualTo(1);
        assertThat(recorded(created.id())).hasSize(1);
    }

    @Test
    void twoConcurrentDeliveries_withoutAMembership_areKeptApartByTheEventId() throws Exception {
        // No membership to lock: the primary key alone makes the second delivery wait and then find the first.
        WhopEvent created = event(CREATED, null, null, whopUser, email, "prod_starter");

        try (OpenDelivery first = new OpenDelivery()) {
            assertThat(first.handle(created)).isEqualTo(WebhookOutcome.APPLIED);
            Future<WebhookOutcome> second = deliverConcurrently(created);
            assertWaiting(second);

            first.transaction.commit();
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(WebhookOutcome.DUPLICATE);
        }

        User user = storedByEmail(email).orElseThrow();
        assertThat(user.getPlanTier()).isEqualTo("starter");
        assertThat(count("SELECT count(*) FROM users WHERE lower(email) = lower(?)", email)).isEqualTo(1);
    }

    @Test
    void aConcurrentDelivery_processesTheEvent_whenTheFirstRollsBack() throws Exception {
        User existing = account("free", whopUser, membership);
        WhopEvent upgrade = event(WENT_VALID, T0, membership, whopUser, null, "prod_pro");

        try (OpenDelivery first = new OpenDelivery()) {
            assertThat(first.handle(upgrade)).isEqualTo(WebhookOutcome.APPLIED);
            Future<WebhookOutcome> second = deliverConcurrently(upgrade);
            assertWaiting(second);

            first.transaction.rollback();
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(WebhookOutcome.APPLIED);
        }

        assertThat(stored(existing.getId()).getPlanTier()).isEqualTo("pro");
    }

    @Test
    void twoDifferentEventsForOneNewMember_makeOneAccount() throws Exception {
        // Different event ids, no membership lock: the account's unique email keeps them to one account.
        WhopEvent created = event(CREATED, null, null, whopUser, email, "prod_starter");
        WhopEvent wentValid = event(WENT_VALID, null, null, whopUser, email, "prod_pro");

        try (OpenDelivery first = new OpenDelivery()) {
            assertThat(first.handle(created)).isEqualTo(WebhookOutcome.APPLIED);
            Future<WebhookOutcome> second = deliverConcurrently(wentValid);
            assertWaiting(second);

            first.transaction.commit();
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(WebhookOutcome.APPLIED);
        }

        assertThat(count("SELECT count(*) FROM users WHERE lower(email) = lower(?)", email)).isEqualTo(1);
        assertThat(storedByEmail(email).orElseThrow().getPlanTier()).isEqualTo("pro");
    }

    // --- out of order

    @Test
    void anEventOlderThanOneApplied_changesNothing_andIsRecordedStale() {
        User existing = account("free", whopUser, membership);
        assertThat(handle(event(WENT_VALID, T0.plusSeconds(60), membership, whopUser, null, "prod_pro")))
                .isEqualTo(WebhookOutcome.APPLIED);

        WhopEvent late = event(WENT_INVALID, T0, membership, whopUser, null, null);
        assertThat(handle(late)).isEqualTo(WebhookOutcome.STALE);

        assertThat(stored(existing.getId()).getPlanTier()).isEqualTo("pro");
        assertThat(recorded(late.id())).singleElement().satisfies(row -> assertThat(row).containsEntry("outcome", "stale"));
        assertThat(handle(late)).as("a repeat of a stale event").isEqualTo(WebhookOutcome.DUPLICATE);
    }

    @Test
    void aNewerEvent_andOneOfTheSameTime_areApplied() {
        User existing = account("free", whopUser, membership);
        handle(event(WENT_VALID, T0, membership, whopUser, null, "prod_pro"));

        assertThat(handle(event(UPDATED, T0, membership, null, null, "prod_starter"))).isEqualTo(WebhookOutcome.APPLIED);
        assertThat(stored(existing.getId()).getPlanTier()).isEqualTo("starter");
        assertThat(handle(event(WENT_INVALID, T0.plusSeconds(1), membership, null, null, null)))
                .isEqualTo(WebhookOutcome.APPLIED);
        assertThat(stored(existing.getId()).getPlanTier()).isEqualTo("free");
    }

    @Test
    void anEventWithoutTime_afterATimedOneWasApplied_changesNothing_andIsRecordedStale() {
        User existing = account("free", whopUser, membership);
        handle(event(WENT_VALID, T0, membership, whopUser, null, "prod_pro"));

        WhopEvent untimed = event(WENT_INVALID, null, membership, null, null, null);
        assertThat(handle(untimed)).isEqualTo(WebhookOutcome.STALE);

        assertThat(stored(existing.getId()).getPlanTier()).isEqualTo("pro");
        assertThat(recorded(untimed.id())).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("outcome", "stale"));
    }

    @Test
    void eventsWithoutTime_applyInTheOrderTheyArrive_untilATimedOneIsApplied() {
        User existing = account("free", whopUser, membership);

        assertThat(handle(event(WENT_VALID, null, membership, whopUser, null, "prod_pro")))
                .isEqualTo(WebhookOutcome.APPLIED);
        assertThat(handle(event(UPDATED, null, membership, null, null, "prod_starter")))
                .isEqualTo(WebhookOutcome.APPLIED);
        assertThat(stored(existing.getId()).getPlanTier()).isEqualTo("starter");
        // an untimed event never makes a timed one stale: its place in time is unknown
        assertThat(handle(event(UPDATED, T0, membership, null, null, "prod_pro"))).isEqualTo(WebhookOutcome.APPLIED);
        assertThat(stored(existing.getId()).getPlanTier()).isEqualTo("pro");
        assertThat(handle(event(WENT_INVALID, null, membership, null, null, null))).isEqualTo(WebhookOutcome.STALE);
        assertThat(stored(existing.getId()).getPlanTier()).isEqualTo("pro");
    }

    @Test
    void anEndBeforeAnyAccount_keepsAnOlderGrantFromMakingOne() {
        assertThat(handle(event(WENT_INVALID, T0.plusSeconds(60), membership, whopUser, null, null)))
                .isEqualTo(WebhookOutcome.APPLIED);

        assertThat(handle(event(CREATED, T0, membership, whopUser, email, "prod_pro"))).isEqualTo(WebhookOutcome.STALE);

        assertThat(storedByEmail(email)).isEmpty();
    }

    @Test
    void staleness_isPerMembership() {
        User existing = account("free", whopUser, membership);
        handle(event(WENT_VALID, T0.plusSeconds(60), "mem_" + UUID.randomUUID(), null, null, "prod_starter"));

        assertThat(handle(event(WENT_VALID, T0, membership, null, null, "prod_pro"))).isEqualTo(WebhookOutcome.APPLIED);
        assertThat(stored(existing.getId()).getPlanTier()).isEqualTo("pro");
    }

    // --- one followed membership per account

    @Test
    void aRenewalWithANewMembership_isFollowed_andTheOldMembershipsEndLeavesTheAccountAlone() {
        User existing = account("pro", whopUser, membership);
        String renewal = "mem_" + UUID.randomUUID();

        assertThat(handle(event(WENT_VALID, T0, renewal, whopUser, null, "prod_starter")))
                .isEqualTo(WebhookOutcome.APPLIED);
        assertThat(stored(existing.getId()).getWhopMembershipId()).isEqualTo(renewal);
        assertThat(handle(event(UPDATED, T0.plusSeconds(1), membership, whopUser, null, "prod_pro")))
                .isEqualTo(WebhookOutcome.APPLIED);
        assertThat(handle(event(DELETED, T0.plusSeconds(2), membership, whopUser, null, null)))
                .isEqualTo(WebhookOutcome.APPLIED);

        User user = stored(existing.getId());
        assertThat(user.getPlanTier()).isEqualTo("starter");
        assertThat(user.getWhopMembershipId()).isEqualTo(renewal);
    }

    @Test
    void aWhopUserIdHeldByAnotherAccount_isNotLinkedTwice() {
        User other = account("free", whopUser, null);
        User holder = account("free", null, membership);

        assertThat(handle(event(UPDATED, T0, membership, whopUser, null, "prod_pro"))).isEqualTo(WebhookOutcome.APPLIED);

        assertThat(stored(holder.getId()).getPlanTier()).isEqualTo("pro");
        assertThat(stored(holder.getId()).getWhopUserId()).isNull();
        assertThat(stored(other.getId()).getPlanTier()).isEqualTo("free");
    }
}
