package dev.whitemagic.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.plan.PlanLimits;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.domain.plan.RateWindow;
import dev.whitemagic.domain.plan.RequestCounts;
import dev.whitemagic.domain.quota.Quota;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestClock;
import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.health.DatabaseOutage;
import dev.whitemagic.persistence.quota.CountersUnavailableException;
import dev.whitemagic.persistence.quota.RequestCounters;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The request windows against a real PostgreSQL, with a clock the test moves: each plan number is set small on
 * its own tier, so one test reaches exactly one limit.
 */
class RequestLimiterIT {

    // pro: 3 a minute; starter: 4 a day; enterprise: 5 a month; free: 20 a minute (the concurrency test);
    // "lease" (stored as an unknown tier, so free's numbers apply unless the test says otherwise)
    private static final Plans PLANS = Plans.of(Map.of(
            PlanTier.PRO, new PlanLimits(3, 1_000, 1_000, 10, 10),
            PlanTier.STARTER, new PlanLimits(1_000, 4, 1_000, 10, 10),
            PlanTier.ENTERPRISE, new PlanLimits(1_000, 1_000, 5, 10, 10),
            PlanTier.FREE, new PlanLimits(20, 1_000, 1_000, 10, 10)));

    private final TestClock clock = new TestClock(Instant.parse("2026-11-25T08:15:42Z"));
    private final RequestCounters counters = new RequestCounters(TestDatabase.dataSource());
    private final RequestLimiter limiter = new RequestLimiter(counters, PLANS, clock, 100, 500);

    private UUID newUser(String tier) {
        User user = new User("limits-" + UUID.randomUUID() + "@example.com", tier, clock.instant());
        TestDatabase.inTransaction(em -> {
            em.persist(user);
            em.persist(new Quota(user, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
        });
        return user.getId();
    }

    private Map<String, Object> storedCounters(UUID userId) {
        return TestDatabase.query("SELECT requests_this_minute, requests_today, requests_this_month, "
                + "last_reset_daily, last_reset_monthly FROM quotas WHERE user_id = ?", userId).get(0);
    }

    @Test
    void minuteWindow_admitsItsLimit_refusesTheNext_andOpensAtTheNextMinute() {
        UUID user = newUser("pro");

        for (int i = 1; i <= 3; i++) {
            RateDecision decision = limiter.take(user, "pro");
            assertThat(decision.admitted()).as("request %d", i).isTrue();
            assertThat(decision.counts()).isEqualTo(new RequestCounts(i, i, i));
        }
        RateDecision refused = limiter.take(user, "pro");

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.exhausted()).containsExactly(RateWindow.MINUTE);
        assertThat(refused.retryAfterSeconds()).as("08:15:42 → 08:16:00").isEqualTo(18);
        assertThat(storedCounters(user)).as("a refused request is not counted")
                .containsEntry("requests_this_minute", 3).containsEntry("requests_today", 3);

        clock.set(Instant.parse("2026-11-25T08:16:00Z"));
        RateDecision nextMinute = limiter.take(user, "pro");
        assertThat(nextMinute.admitted()).isTrue();
        assertThat(nextMinute.counts()).isEqualTo(new RequestCounts(1, 4, 4));
    }

    @Test
    void dayWindow_refusesUntilMidnightUtc_thenCountsFromOne() {
        UUID user = newUser("starter");
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.take(user, "starter").admitted()).isTrue();
            clock.advance(Duration.ofMinutes(1));
        }

        RateDecision refused = limiter.take(user, "starter");
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.exhausted()).containsExactly(RateWindow.DAY);
        assertThat(refused.retryAfterSeconds())
                .isEqualTo(Duration.between(clock.instant(), Instant.parse("2026-11-26T00:00:00Z")).toSeconds());

        clock.set(Instant.parse("2026-11-26T00:00:00Z"));
        RateDecision tomorrow = limiter.take(user, "starter");
        assertThat(tomorrow.admitted()).isTrue();
        assertThat(tomorrow.counts().day()).isEqualTo(1);
        assertThat(tomorrow.counts().month()).isEqualTo(5);
        assertThat(storedCounters(user)).containsEntry("last_reset_daily", java.sql.Date.valueOf("2026-11-26"));
    }

    @Test
    void monthWindow_refusesUntilTheFirst_thenCountsFromOne() {
        clock.set(Instant.parse("2026-11-30T23:58:00Z"));
        UUID user = newUser("enterprise");
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.take(user, "enterprise").admitted()).isTrue();
        }

        RateDecision refused = limiter.take(user, "enterprise");
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.exhausted()).containsExactly(RateWindow.MONTH);
        assertThat(refused.retryAfterSeconds()).isEqualTo(120);

        clock.set(Instant.parse("2026-12-01T00:00:00Z"));
        RateDecision december = limiter.take(user, "enterprise");
        assertThat(december.admitted()).isTrue();
        assertThat(december.counts()).isEqualTo(new RequestCounts(1, 1, 1));
    }

    @Test
    void aPlanChange_appliesToTheNextRequest() {
        UUID user = newUser("pro");
        for (int i = 0; i < 3; i++) {
            limiter.take(user, "pro");
        }
        assertThat(limiter.take(user, "pro").admitted()).isFalse();

        assertThat(limiter.take(user, "free").admitted()).as("free here allows 20 a minute").isTrue();
    }

    @Test
    void anUnknownStoredTier_isLimitedAsFree() {
        UUID user = newUser("platinum");

        RateDecision decision = limiter.take(user, "platinum");

        assertThat(decision.tier()).isEqualTo(PlanTier.FREE);
        assertThat(decision.limits().requestsPerMinute()).isEqualTo(20);
    }

    @Test
    void aUserWithoutAQuotasRow_getsOne_andIsCounted() {
        UUID user = newUser("pro");
        TestDatabase.execute("DELETE FROM quotas WHERE user_id = '" + user + "'");

        RateDecision decision = limiter.take(user, "pro");

        assertThat(decision.admitted()).isTrue();
        assertThat(storedCounters(user)).containsEntry("requests_today", 1);
    }

    @Test
    void aRequestWaitingForAnotherOfItsUser_givesUpOnceTheDatabaseIsKnownUnreachable() throws Exception {
        UUID user = newUser("free");
        DatabaseOutage outage = new DatabaseOutage(probing -> { }, () -> false);
        limiter.outage = outage;
        ExecutorService requests = Executors.newFixedThreadPool(2);
        try (Connection other = TestDatabase.dataSource().getConnection(); Statement lock = other.createStatement()) {
            // Another transaction holds the user's counters: the first request's grant waits for it, as it would
            // for a database that does not answer, and holds the user's lease meanwhile.
            other.setAutoCommit(false);
            lock.execute("SELECT 1 FROM quotas WHERE user_id = '" + user + "' FOR UPDATE");
            Future<RateDecision> first = requests.submit(() -> limiter.take(user, "free"));
            Thread.sleep(300);
            Future<RateDecision> second = requests.submit(() -> limiter.take(user, "free"));
            Thread.sleep(300);
            assertThat(second.isDone()).as("the second waits for the first").isFalse();

            long reported = System.nanoTime();
            outage.report(new SQLException("An I/O error occurred while sending to the backend.", "08006"));

            assertThatThrownBy(() -> second.get(2, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(CountersUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - reported)).as("gave up at once")
                    .isLessThan(Duration.ofMillis(500));
            other.rollback();
            assertThat(first.get(5, TimeUnit.SECONDS).admitted()).as("the first, once the lock went").isTrue();
        } finally {
            requests.shutdownNow();
        }
    }

    @Test
    void concurrentRequests_admitExactlyTheLimit_andTheCountersEqualTheAdmitted() throws Exception {
        UUID user = newUser("free");
        int clients = 60;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Callable<Boolean> request = () -> {
                    start.await();
                    return limiter.take(user, "free").admitted();
                };
                answers.add(pool.submit(request));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Boolean> answer : answers) {
                admitted += answer.get() ? 1 : 0;
            }

            assertThat(admitted).isEqualTo(20);
            assertThat(storedCounters(user)).containsEntry("requests_this_minute", 20)
                    .containsEntry("requests_today", 20).containsEntry("requests_this_month", 20);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reset_zeroesOnlyStaleCounters_andRunningItTwiceChangesNothingMore() {
        UUID stale = newUser("pro");
        limiter.take(stale, "pro");
        limiter.take(stale, "pro");

        clock.set(Instant.parse("2026-12-01T00:00:05Z"));
        UUID current = newUser("pro");
        limiter.take(current, "pro");
        QuotaReset reset = new QuotaReset(counters, clock);

        QuotaReset.Resets first = reset.reset();
        Map<String, Object> afterFirst = storedCounters(stale);
        QuotaReset.Resets second = reset.reset();

        assertThat(first.daily()).isGreaterThanOrEqualTo(1);
        assertThat(first.monthly()).isGreaterThanOrEqualTo(1);
        assertThat(second).as("the second run finds nothing stale").isEqualTo(new QuotaReset.Resets(0, 0));
        assertThat(afterFirst).containsEntry("requests_today", 0).containsEntry("requests_this_month", 0)
                .containsEntry("last_reset_daily", java.sql.Date.valueOf("2026-12-01"))
                .containsEntry("last_reset_monthly", java.sql.Date.valueOf("2026-12-01"));
        assertThat(storedCounters(stale)).isEqualTo(afterFirst);
        assertThat(storedCounters(current)).as("today's counts are kept").containsEntry("requests_today", 1)
                .containsEntry("requests_this_month", 1);
    }

    @Test
    void reset_walksEveryRangeOfPages_andLeavesZeroCountersAlone() {
        List<UUID> busy = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            UUID user = newUser("pro");
            limiter.take(user, "pro");
            busy.add(user);
        }
        UUID idle = newUser("pro");
        limiter.giveEverythingBack();
        clock.set(Instant.parse("2027-03-10T00:00:05Z"));
        QuotaReset reset = new QuotaReset(new RequestCounters(TestDatabase.dataSource(), 1), clock);

        QuotaReset.Resets resets = reset.reset();

        assertThat(resets.daily()).as("7 rows here, more from other tests").isGreaterThanOrEqualTo(7);
        for (UUID user : busy) {
            assertThat(storedCounters(user)).as(user.toString()).containsEntry("requests_today", 0)
                    .containsEntry("requests_this_month", 0)
                    .containsEntry("last_reset_daily", java.sql.Date.valueOf("2027-03-10"))
                    .containsEntry("last_reset_monthly", java.sql.Date.valueOf("2027-03-10"));
        }
        assertThat(storedCounters(idle)).as("nothing to reset: the stale date reads as zero anyway")
                .containsEntry("requests_today", 0)
                .containsEntry("last_reset_daily", java.sql.Date.valueOf("2026-11-25"));
        assertThat(counters.read(idle, clock.instant())).contains(new RequestCounts(0, 0, 0));
        assertThat(reset.reset()).isEqualTo(new QuotaReset.Resets(0, 0));
    }

    @Test
    void reset_reachesEveryRow_whateverItsUserId() {
        List<String> edges = List.of("00000000-0000-0000-0000-000000000000", "3fffffff-ffff-ffff-ffff-ffffffffffff",
                "40000000-0000-0000-0000-000000000000", "7fffffff-ffff-ffff-ffff-ffffffffffff",
                "80000000-0000-0000-0000-000000000000", "bfffffff-ffff-ffff-ffff-ffffffffffff",
                "c0000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff");
        for (String id : edges) {
            TestDatabase.execute("DELETE FROM users WHERE id = '" + id + "'",
                    "INSERT INTO users (id, email) VALUES ('" + id + "', 'edge-" + id + "@example.com')",
                    "INSERT INTO quotas (user_id, requests_today, requests_this_month, last_reset_daily,"
                            + " last_reset_monthly) VALUES ('" + id + "', 3, 3, DATE '2027-04-09', DATE '2027-04-01')");
        }
        clock.set(Instant.parse("2027-04-10T00:00:05Z"));

        new QuotaReset(new RequestCounters(TestDatabase.dataSource(), 1), clock).reset();

        for (String id : edges) {
            assertThat(storedCounters(UUID.fromString(id))).as(id).containsEntry("requests_today", 0)
                    .containsEntry("requests_this_month", 3)
                    .containsEntry("last_reset_daily", java.sql.Date.valueOf("2027-04-10"));
        }
    }

    @Test
    void resetsOnTwoNodesAtOnce_leaveTheSameResultAsOne() throws Exception {
        UUID user = newUser("pro");
        limiter.take(user, "pro");
        clock.set(Instant.parse("2026-11-26T00:00:05Z"));
        QuotaReset nodeA = new QuotaReset(counters, clock);
        QuotaReset nodeB = new QuotaReset(counters, clock);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<QuotaReset.Resets> a = pool.submit(nodeA::reset);
            Future<QuotaReset.Resets> b = pool.submit(nodeB::reset);
            a.get();
            b.get();
        } finally {
            pool.shutdownNow();
        }

        assertThat(storedCounters(user)).containsEntry("requests_today", 0)
                .containsEntry("requests_this_month", 1)
                .containsEntry("last_reset_daily", java.sql.Date.valueOf("2026-11-26"));
    }

    @Test
    void staleCounters_readAsZero_evenIfTheResetJobNeverRan() {
        UUID user = newUser("starter");
        for (int i = 0; i < 4; i++) {
            limiter.take(user, "starter");
        }
        assertThat(limiter.take(user, "starter").admitted()).isFalse();

        clock.set(Instant.parse("2026-11-27T10:00:00Z")); // two days later, no reset ran
        assertThat(counters.read(user, clock.instant())).contains(new RequestCounts(0, 0, 4));
        AccountUsage usage = new AccountUsages(new dev.whitemagic.persistence.quota.QuotaRepository(
                TestDatabase.entityManagerFactory().createEntityManager()), PLANS, clock, limiter).of(user, "starter");
        assertThat(usage.requestsToday()).isZero();
        assertThat(usage.requestsThisMonth()).isEqualTo(4);
        assertThat(limiter.take(user, "starter").admitted()).isTrue();
    }

    @Test
    void concurrentRequestsOfABusyUser_takeDistinctCountsFromTheLease_whileSweepsGiveItBack() throws Exception {
        Plans roomy = Plans.of(Map.of(PlanTier.PRO, new PlanLimits(1_000_000, 10_000_000, 100_000_000, 10, 10)));
        RequestLimiter leasing = new RequestLimiter(counters, roomy, clock, 100, 500);
        UUID user = newUser("pro");
        int clients = 8;
        int perClient = 500;
        ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean running = new AtomicBoolean(true);
        try {
            List<Future<List<Long>>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    List<Long> minuteCounts = new ArrayList<>();
                    for (int n = 0; n < perClient; n++) {
                        RateDecision decision = leasing.take(user, "pro");
                        assertThat(decision.admitted()).isTrue();
                        minuteCounts.add(decision.counts().minute());
                    }
                    return minuteCounts;
                }));
            }
            Future<?> sweeper = pool.submit(() -> {
                start.await();
                while (running.get()) {
                    leasing.sweep(Duration.ZERO);
                    Thread.sleep(1);
                }
                return null;
            });
            start.countDown();
            Set<Long> seen = new HashSet<>();
            for (Future<List<Long>> answer : answers) {
                seen.addAll(answer.get());
            }
            running.set(false);
            sweeper.get();
            leasing.sweep(Duration.ZERO);

            assertThat(seen).as("every admitted request saw a count of its own: none counted twice, none lost")
                    .hasSize(clients * perClient);
            assertThat(storedCounters(user)).as("what was not used went back; the admitted stay counted")
                    .containsEntry("requests_this_minute", clients * perClient)
                    .containsEntry("requests_today", clients * perClient);
        } finally {
            running.set(false);
            pool.shutdownNow();
        }
    }

    @Test
    void aBusyUser_isCountedInAdvance_exactlyInTheHeaders_andTheUnusedRestIsGivenBack() {
        Plans roomy = Plans.of(Map.of(PlanTier.PRO, new PlanLimits(1_000, 10_000, 100_000, 10, 10)));
        RequestLimiter leasing = new RequestLimiter(counters, roomy, clock, 100, 500);
        UUID user = newUser("pro");

        for (int i = 1; i <= 10; i++) {
            RateDecision decision = leasing.take(user, "pro");
            assertThat(decision.admitted()).isTrue();
            assertThat(decision.counts()).as("what the headers count: exactly the requests made")
                    .isEqualTo(new RequestCounts(i, i, i));
        }
        assertThat(storedCounters(user)).as("one lease of a tenth of the room (1,000 / 10), at most 100")
                .containsEntry("requests_this_minute", 100).containsEntry("requests_today", 100);
        assertThat(leasing.unusedFor(user)).isEqualTo(90);

        leasing.sweep(Duration.ZERO);

        assertThat(storedCounters(user)).as("the unused 90 given back").containsEntry("requests_this_minute", 10)
                .containsEntry("requests_today", 10).containsEntry("requests_this_month", 10);
        assertThat(leasing.unusedFor(user)).isZero();
        assertThat(leasing.take(user, "pro").counts()).isEqualTo(new RequestCounts(11, 11, 11));
    }

    @Test
    void aLeaseOfAMinuteThatIsOver_isGivenBackToTheDayAndMonth_notToTheNewMinute() {
        Plans roomy = Plans.of(Map.of(PlanTier.PRO, new PlanLimits(1_000, 10_000, 100_000, 10, 10)));
        RequestLimiter leasing = new RequestLimiter(counters, roomy, clock, 100, 500);
        UUID user = newUser("pro");
        for (int i = 0; i < 5; i++) {
            leasing.take(user, "pro");
        }

        clock.set(Instant.parse("2026-11-25T08:16:01Z"));
        RateDecision nextMinute = leasing.take(user, "pro");
        leasing.sweep(Duration.ZERO);

        assertThat(nextMinute.counts()).isEqualTo(new RequestCounts(1, 6, 6));
        assertThat(storedCounters(user)).containsEntry("requests_this_minute", 1).containsEntry("requests_today", 6)
                .containsEntry("requests_this_month", 6);
    }

    @Test
    void twoNodesLeasing_neverAdmitMoreThanTheLimitTogether() {
        Plans fifty = Plans.of(Map.of(PlanTier.PRO, new PlanLimits(50, 10_000, 100_000, 10, 10)));
        RequestLimiter nodeA = new RequestLimiter(counters, fifty, clock, 100, 500);
        RequestLimiter nodeB = new RequestLimiter(counters, fifty, clock, 100, 500);
        UUID user = newUser("pro");

        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            admitted += (i % 2 == 0 ? nodeA : nodeB).take(user, "pro").admitted() ? 1 : 0;
        }

        assertThat(admitted).isEqualTo(50);
        assertThat(storedCounters(user)).containsEntry("requests_this_minute", 50);
        assertThat(nodeA.unusedFor(user) + nodeB.unusedFor(user)).isZero();
    }

    @Test
    void aPlanChange_givesTheOldLeaseBack_beforeCountingUnderTheNewPlan() {
        Plans roomy = Plans.of(Map.of(PlanTier.PRO, new PlanLimits(1_000, 10_000, 100_000, 10, 10),
                PlanTier.STARTER, new PlanLimits(3, 10_000, 100_000, 10, 10)));
        RequestLimiter leasing = new RequestLimiter(counters, roomy, clock, 100, 500);
        UUID user = newUser("pro");
        leasing.take(user, "pro");
        leasing.take(user, "pro");

        RateDecision downgraded = leasing.take(user, "starter");

        assertThat(downgraded.admitted()).isTrue();
        assertThat(downgraded.counts().minute()).isEqualTo(3);
        assertThat(leasing.take(user, "starter").admitted()).as("starter's 3 a minute are used up").isFalse();
        assertThat(storedCounters(user)).containsEntry("requests_this_minute", 3);
    }
}
