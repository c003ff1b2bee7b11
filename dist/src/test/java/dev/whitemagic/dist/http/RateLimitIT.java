package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static dev.whitemagic.dist.http.TestAccounts.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.TestPlans;
import dev.whitemagic.dist.http.TestAccounts.Account;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The plans' request windows (per calendar minute, day and month) over HTTP. On the shared server {@code starter}
 * admits {@value TestPlans#STARTER_PER_MINUTE} requests a minute and {@code pro} {@value TestPlans#PRO_PER_DAY} a
 * day (see {@link TestPlans}); the window logic at every boundary is tested with a fixed clock in the quota module.
 */
class RateLimitIT {

    private static final Pattern RATE_LIMIT = Pattern.compile("^\"(minute|day|month)\";r=(\\d+);t=(\\d+)$");
    private static final String PLENTY = "1000000";

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private ApiClient.Reply self(String key) {
        return api.get("/api/v1/keys/self", "Authorization", bearer(key));
    }

    @Test
    void minuteWindow_admitsTheLimit_withHeaders_thenRefuses429WithRetryAfter() {
        awaitRoomIn(ChronoUnit.MINUTES);
        Account account = TestAccounts.create(api, "starter");

        for (int i = 1; i <= TestPlans.STARTER_PER_MINUTE; i++) {
            ApiClient.Reply reply = self(account.key());
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            assertThat(reply.header("RateLimit-Policy")).isEqualTo("\"minute\";q=5;w=60, \"day\";q=" + PLENTY
                    + ";w=86400, \"month\";q=" + PLENTY + ";w=2678400");
            int remaining = TestPlans.STARTER_PER_MINUTE - i;
            assertRateLimit(reply, "minute", remaining, 60);
            assertThat(reply.header("X-RateLimit-Limit")).isEqualTo("5");
            assertThat(reply.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
            long reset = Long.parseLong(reply.header("X-RateLimit-Reset"));
            assertThat(reset).as("the next minute, in Unix seconds")
                    .isEqualTo(Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1))
                            .getEpochSecond());
        }

        long atMost = secondsToNextMinute() + 1; // rounded up by the server
        ApiClient.Reply refused = self(account.key());
        long atLeast = secondsToNextMinute();
        JsonObject problem = assertProblem(refused, 429, "rate_limited");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).as("seconds until the next minute").isBetween(Math.max(1, atLeast), atMost);
        assertThat(problem.getString("detail")).contains("starter").contains("5 requests per minute");
        assertRateLimit(refused, "minute", 0, 60);
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.header("RateLimit-Policy")).startsWith("\"minute\";q=5;w=60");
        RawHttp.Reply onTheWire = new RawHttp(SharedServer.baseUrl().getPort(), InetAddress.getLoopbackAddress())
                .send("GET", "/api/v1/keys/self", null, "Authorization", bearer(account.key()));
        assertThat(onTheWire.statusLine()).as("the reason phrase of RFC 6585")
                .isEqualTo("HTTP/1.1 429 Too Many Requests");

        String metrics = api.get("/metrics?scope=application", "Accept", "text/plain").body();
        assertThat(metrics).as("refusals by window and plan, never by user")
                .containsPattern("wm_ratelimit_refusals_total\\{(?=[^}]*plan=\"starter\")(?=[^}]*window=\"minute\")"
                        + "[^}]*} [1-9]")
                .doesNotContain(account.userId());
    }

    @Test
    void everyAnswerCounts_404_405_400_413_andTheRefusedOneDoesNot() {
        awaitRoomIn(ChronoUnit.MINUTES);
        Account account = TestAccounts.create(api, "starter");
        String auth = bearer(account.key());

        assertThat(api.get("/api/v1/no-such-thing", "Authorization", auth).status()).isEqualTo(404);
        assertThat(api.send("PUT", "/api/v1/me", HttpRequest.BodyPublishers.noBody(), "Authorization", auth)
                .status()).isEqualTo(405);
        assertThat(api.send("POST", "/api/v1/memories", HttpRequest.BodyPublishers.ofString("{not json"),
                "Content-Type", "application/json", "Authorization", auth).status()).isEqualTo(400);
        ApiClient.Reply tooLarge = api.send("POST", "/api/v1/memories",
                HttpRequest.BodyPublishers.ofString("x".repeat(1_048_577)),
                "Content-Type", "application/json", "Authorization", auth);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertRateLimit(tooLarge, "minute", 1, 60);
        ApiClient.Reply fifth = self(account.key());
        assertThat(fifth.status()).isEqualTo(200);
        assertRateLimit(fifth, "minute", 0, 60);

        assertProblem(self(account.key()), 429, "rate_limited");
        assertProblem(self(account.key()), 429, "rate_limited");
        assertThat(storedCounter(account.userId(), "requests_today")).as("refused requests are not counted")
                .isEqualTo(5);
        // ... but they are metered: seven usage rows, the two refusals with their 429 and the route template
        List<String> metered = awaitUsageRows(account.userId(), 7);
        assertThat(metered).containsExactlyInAnyOrder("GET unmatched 404", "PUT /api/v1/me 405",
                "POST /api/v1/memories 400", "POST /api/v1/memories 413", "GET /api/v1/keys/self 200",
                "GET /api/v1/keys/self 429", "GET /api/v1/keys/self 429");
    }

    /** Polls usage_records (flushed every second) until the user has {@code count} rows or 5 s have passed. */
    private static List<String> awaitUsageRows(String userId, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> rows = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            rows.clear();
            try (Connection connection = DriverManager.getConnection(SharedServer.jdbcUrl(), "postgres", "");
                 PreparedStatement query = connection.prepareStatement(
                         "SELECT method, endpoint, status_code FROM usage_records WHERE user_id = ?")) {
                query.setObject(1, UUID.fromString(userId));
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        rows.add(row.getString(1) + " " + row.getString(2) + " " + row.getInt(3));
                    }
                }
            } catch (java.sql.SQLException e) {
                throw new AssertionError("reading usage_records failed", e);
            }
            if (rows.size() >= count) {
                return rows;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return rows;
    }

    @Test
    void concurrentRequests_admitExactlyTheDailyLimit_andTheStoredCounterEqualsTheAdmitted() throws Exception {
        awaitRoomIn(ChronoUnit.DAYS);
        Account account = TestAccounts.create(api, "pro");
        int clients = 50;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ApiClient.Reply>> replies = new ArrayList<>();
        long toMidnightBefore = secondsToMidnight();
        try {
            for (int i = 0; i < clients; i++) {
                replies.add(pool.submit(() -> {
                    start.await();
                    return self(account.key());
                }));
            }
            start.countDown();
            int admitted = 0;
            List<ApiClient.Reply> refused = new ArrayList<>();
            for (Future<ApiClient.Reply> reply : replies) {
                ApiClient.Reply answer = reply.get();
                assertThat(answer.status()).as(answer.toString()).isIn(200, 429);
                if (answer.status() == 200) {
                    admitted++;
                } else {
                    refused.add(answer);
                }
            }

            assertThat(admitted).isEqualTo(TestPlans.PRO_PER_DAY);
            long toMidnightAfter = secondsToMidnight();
            for (ApiClient.Reply answer : refused) {
                assertProblem(answer, 429, "rate_limited");
                assertThat(Long.parseLong(answer.header("Retry-After"))).as("seconds until 00:00 UTC")
                        .isBetween(toMidnightAfter, toMidnightBefore + 1);
                assertRateLimit(answer, "day", 0, 86_400);
            }
            assertThat(storedCounter(account.userId(), "requests_today")).isEqualTo(TestPlans.PRO_PER_DAY);
            assertThat(storedCounter(account.userId(), "requests_this_month")).isEqualTo(TestPlans.PRO_PER_DAY);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBusyUsersStoredCounters_equalTheRequestsMade_withinOneSecondOfTheLast() throws Exception {
        Account account = TestAccounts.create(api, "free"); // a million a minute: the node counts ahead (a lease)
        for (int i = 0; i < 10; i++) {
            assertThat(self(account.key()).status()).isEqualTo(200);
        }
        long lastAnswered = System.nanoTime();

        long stored;
        do {
            stored = storedCounter(account.userId(), "requests_today");
            if (stored == 10) {
                break;
            }
            Thread.sleep(50);
        } while (System.nanoTime() - lastAnswered < Duration.ofMillis(1_500).toNanos());

        long settledAfterMillis = Duration.ofNanos(System.nanoTime() - lastAnswered).toMillis();
        assertThat(stored).isEqualTo(10);
        assertThat(settledAfterMillis).as("ms until the stored counter equalled the requests").isLessThanOrEqualTo(1_000);
        assertThat(storedCounter(account.userId(), "requests_this_minute")).isEqualTo(10);
    }

    @Test
    void aPlanChange_appliesToTheNextRequest() {
        awaitRoomIn(ChronoUnit.MINUTES);
        Account account = TestAccounts.create(api, "starter");
        for (int i = 0; i < TestPlans.STARTER_PER_MINUTE; i++) {
            assertThat(self(account.key()).status()).isEqualTo(200);
        }
        assertProblem(self(account.key()), 429, "rate_limited");

        ApiClient.Reply patched = api.send("PATCH", "/api/v1/admin/users/" + account.userId(),
                HttpRequest.BodyPublishers.ofString("{\"plan_tier\":\"free\"}"), "Content-Type", "application/json",
                "Authorization", bearer(SharedServer.ADMIN_TOKEN));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);

        ApiClient.Reply next = self(account.key());
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
        assertThat(next.json().getString("plan_tier")).isEqualTo("free");
        assertThat(next.header("RateLimit-Policy")).startsWith("\"minute\";q=" + PLENTY + ";w=60");
    }

    @Test
    void adminCalls_publicPaths_andFailedAuthentication_carryNoRateLimitFields_andCountNowhere() {
        Account account = TestAccounts.create(api, "starter");

        ApiClient.Reply admin = api.get("/api/v1/admin/users/" + account.userId(),
                "Authorization", bearer(SharedServer.ADMIN_TOKEN));
        ApiClient.Reply version = api.get("/api/v1/version");
        ApiClient.Reply unauthenticated = api.get("/api/v1/keys/self");

        for (ApiClient.Reply reply : List.of(admin, version, unauthenticated)) {
            assertThat(reply.header("RateLimit")).as(reply.toString()).isNull();
            assertThat(reply.header("RateLimit-Policy")).as(reply.toString()).isNull();
            assertThat(reply.header("X-RateLimit-Limit")).as(reply.toString()).isNull();
        }
        assertThat(admin.status()).isEqualTo(200);
        assertThat(storedCounter(account.userId(), "requests_today")).isZero();
    }

    @Test
    void me_showsThePlansLimits_theLiveCounts_andTheShares() {
        Account account = TestAccounts.create(api, "free");
        assertThat(self(account.key()).status()).isEqualTo(200);
        assertThat(self(account.key()).status()).isEqualTo(200);

        ApiClient.Reply reply = api.get("/api/v1/me", "Authorization", bearer(account.key()));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonObject me = reply.json();
        assertThat(me.keySet()).containsExactlyInAnyOrder("user", "limits", "usage", "usage_percent");
        JsonObject user = me.getJsonObject("user");
        assertThat(user.getString("id")).isEqualTo(account.userId());
        assertThat(user.getString("email")).isEqualTo(account.email());
        assertThat(user.getString("plan_tier")).isEqualTo("free");
        assertThat(user.keySet()).containsExactlyInAnyOrder("id", "email", "plan_tier", "created_at", "last_seen_at");
        JsonObject limits = me.getJsonObject("limits");
        assertThat(limits.keySet()).containsExactlyInAnyOrder("requests_per_minute", "requests_per_day",
                "requests_per_month", "max_memories", "max_storage_bytes");
        assertThat(limits.getJsonNumber("requests_per_day").longValue()).isEqualTo(Long.parseLong(PLENTY));
        assertThat(limits.getJsonNumber("max_storage_bytes").longValue()).isEqualTo(1_000_000_000L);
        JsonObject usage = me.getJsonObject("usage");
        assertThat(usage.keySet()).containsExactlyInAnyOrder("requests_today", "requests_this_month",
                "memories_count", "storage_bytes");
        assertThat(usage.getInt("requests_today")).as("two earlier requests and this one").isEqualTo(3);
        assertThat(usage.getInt("requests_this_month")).isEqualTo(3);
        assertThat(usage.getInt("memories_count")).isZero();
        JsonObject percent = me.getJsonObject("usage_percent");
        assertThat(percent.keySet()).containsExactlyInAnyOrder("requests_today", "requests_this_month", "memories",
                "storage");
        assertThat(percent.getJsonNumber("requests_today").doubleValue()).isEqualTo(0.0);
        assertThat(percent.getJsonNumber("memories").doubleValue()).isEqualTo(0.0);
    }

    @Test
    void me_percentages_haveOneDecimal() {
        awaitRoomIn(ChronoUnit.DAYS);
        Account account = TestAccounts.create(api, "pro");
        for (int i = 0; i < 5; i++) {
            assertThat(self(account.key()).status()).isEqualTo(200);
        }

        JsonObject me = api.get("/api/v1/me", "Authorization", bearer(account.key())).json();

        assertThat(me.getJsonObject("limits").getInt("requests_per_day")).isEqualTo(TestPlans.PRO_PER_DAY);
        assertThat(me.getJsonObject("usage").getInt("requests_today")).isEqualTo(6);
        assertThat(me.getJsonObject("usage_percent").getJsonNumber("requests_today").doubleValue())
                .as("6 of 20").isEqualTo(30.0);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static void assertRateLimit(ApiClient.Reply reply, String window, long remaining, long maxSeconds) {
        String field = reply.header("RateLimit");
        assertThat(field).as(reply.toString()).isNotNull();
        Matcher matcher = RATE_LIMIT.matcher(field);
        assertThat(matcher.matches()).as(field).isTrue();
        assertThat(matcher.group(1)).as(field).isEqualTo(window);
        assertThat(Long.parseLong(matcher.group(2))).as(field).isEqualTo(remaining);
        assertThat(Long.parseLong(matcher.group(3))).as(field).isBetween(1L, maxSeconds);
    }

    /** Waits, if need be, until the current minute or day has at least 10 s left, so a test stays inside one. */
    private static void awaitRoomIn(ChronoUnit unit) {
        Instant now = Instant.now();
        Instant next = unit == ChronoUnit.DAYS
                ? now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                : now.truncatedTo(unit).plus(1, unit);
        if (Duration.between(now, next).toSeconds() < 10) {
            try {
                Thread.sleep(Duration.between(now, next).toMillis() + 200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static long secondsToNextMinute() {
        Instant now = Instant.now();
        return Duration.between(now, now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1))).toSeconds();
    }

    private static long secondsToMidnight() {
        Instant now = Instant.now();
        return Duration.between(now,
                now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC)).toSeconds();
    }

    private static long storedCounter(String userId, String column) {
        try (Connection connection = DriverManager.getConnection(SharedServer.jdbcUrl(), "postgres", "");
             PreparedStatement query = connection.prepareStatement(
                     "SELECT " + column + " FROM quotas WHERE user_id = ?")) {
            query.setObject(1, UUID.fromString(userId));
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("quotas row of " + userId).isTrue();
                return row.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError("reading the counters failed", e);
        }
    }
}
