package dev.whitemagic.dist.server;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.RunningServer;
import dev.whitemagic.dist.TestPlans;
import dev.whitemagic.dist.http.ApiClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes on one database: node A runs the embedded PostgreSQL, node B uses it through {@code WM_DB_URL}.
 * Each node caches verified keys in memory (for minutes), so B only refuses a key revoked through A because A's
 * change is published on {@code wm_caller_invalidated} and B listens: the contract is that every other node
 * refuses it within one second.
 *
 * <p>Each check first uses the key on B, so that B has it cached, then changes it through A and polls B every
 * {@value #POLL_MILLIS} ms from A's answer on; the measured latency is logged with the test's name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class CrossNodeRevocationIT {

    private static final Logger LOG = Logger.getLogger(CrossNodeRevocationIT.class.getName());

    private static final String ADMIN_TOKEN = "it-cross-node-admin-token";
    /** The contract: a change through one node is seen by every other node within this. */
    private static final long CONTRACT_MILLIS = 1000;
    /** How long to keep polling B: past the contract, so that a late refusal is still measured and reported. */
    private static final long OBSERVE_MILLIS = 5000;
    private static final long POLL_MILLIS = 10;
    private static final int REVOCATION_RUNS = 5;

    private RunningServer nodeA;
    private RunningServer nodeB;
    private ApiClient a;
    private ApiClient b;
    private int dbPort;

    @BeforeAll
    void startTwoNodesOnOneDatabase() {
        dbPort = RunningServer.freePort();
        // The tests poll with free accounts, faster than the free plan's 10 requests a minute allow.
        nodeA = RunningServer.start("node-a", TestPlans.withGenerousFree(Map.of(
                "WM_EMBEDDED_DB_PORT", Integer.toString(dbPort),
                "WM_ADMIN_TOKEN", ADMIN_TOKEN)));
        nodeB = RunningServer.start("node-b", TestPlans.withGenerousFree(Map.of(
                "WM_DB_URL", jdbcUrl(),
                "WM_DB_USER", "postgres",
                "WM_ADMIN_TOKEN", ADMIN_TOKEN)));
        a = new ApiClient(nodeA.baseUrl().toString());
        b = new ApiClient(nodeB.baseUrl().toString());
        LOG.info("node A " + nodeA.baseUrl() + " (embedded PostgreSQL on " + dbPort + "), node B " + nodeB.baseUrl());
    }

    @AfterAll
    void stopBThenA() {
        // B first: A owns the database B is connected to.
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void keyRevokedThroughA_isRefusedByB_withinOneSecond(TestInfo test) {
        List<Long> latencies = new ArrayList<>();
        for (int run = 1; run <= REVOCATION_RUNS; run++) {
            Account account = createAccount("free");
            JsonObject created = createKey(account.key(), "{\"name\":\"cross-node-" + run + "\"}");
            String key = created.getString("key");
            String keyId = created.getJsonObject("api_key").getString("id");
            cacheOnB(key);

            ApiClient.Reply revoked = a.send("DELETE", "/api/v1/keys/" + keyId, HttpRequest.BodyPublishers.noBody(),
                    "Authorization", bearer(account.key()));
            long changedAt = System.nanoTime();
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);

            long latency = millisUntilBRefuses(key, changedAt);
            LOG.info(name(test) + " run " + run + ": B refused the revoked key " + latency
                    + " ms after A's 204");
            assertThat(latency).as("run %d: ms until B refused a key revoked through A", run)
                    .isLessThanOrEqualTo(CONTRACT_MILLIS);
            assertProblem(b.get("/api/v1/keys/self", "Authorization", bearer(key)), 401, "invalid_api_key");
            assertProblem(a.get("/api/v1/keys/self", "Authorization", bearer(key)), 401, "invalid_api_key");
            // the user's other key is untouched on B
            assertThat(b.get("/api/v1/keys/self", "Authorization", bearer(account.key())).status()).isEqualTo(200);
            latencies.add(latency);
        }
        List<Long> sorted = latencies.stream().sorted().toList();
        LOG.info(name(test) + ": " + REVOCATION_RUNS + " runs, latency ms min " + sorted.get(0)
                + " / median " + sorted.get(sorted.size() / 2) + " / max " + sorted.get(sorted.size() - 1)
                + " (all " + latencies + ")");
    }

    @Test
    void planChangedThroughA_isVisibleOnB_withinOneSecond(TestInfo test) {
        Account account = createAccount("free");
        assertThat(planOnB(account.key())).isEqualTo("free");
        assertThat(planOnB(account.key())).isEqualTo("free");

        ApiClient.Reply patched = admin("PATCH", "/api/v1/admin/users/" + account.userId(), "{\"plan_tier\":\"pro\"}");
        long changedAt = System.nanoTime();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().getString("plan_tier")).isEqualTo("pro");

        long latency = millisUntil(() -> {
            ApiClient.Reply self = b.get("/api/v1/keys/self", "Authorization", bearer(account.key()));
            assertThat(self.status()).as(self.toString()).isEqualTo(200);
            return self;
        }, self -> "pro".equals(self.json().getString("plan_tier")), changedAt);
        LOG.info(name(test) + ": B showed plan_tier pro " + latency + " ms after A's 200");
        assertThat(latency).as("ms until B showed the plan changed through A").isLessThanOrEqualTo(CONTRACT_MILLIS);
        assertThat(planOnB(account.key())).isEqualTo("pro");
    }

    @Test
    void userDeletedThroughA_hasItsKeysRefusedByB_withinOneSecond(TestInfo test) {
        Account account = createAccount("starter");
        String secondKey = createKey(account.key(), "{\"name\":\"second\"}").getString("key");
        cacheOnB(account.key());
        cacheOnB(secondKey);

        ApiClient.Reply deleted = admin("DELETE", "/api/v1/admin/users/" + account.userId(), null);
        long changedAt = System.nanoTime();
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);

        long latency = millisUntilBRefuses(account.key(), changedAt);
        LOG.info(name(test) + ": B refused the deleted user's key " + latency + " ms after A's 204");
        assertThat(latency).as("ms until B refused the key of a user deleted through A")
                .isLessThanOrEqualTo(CONTRACT_MILLIS);
        // one notification covers every key of the user
        assertProblem(b.get("/api/v1/keys/self", "Authorization", bearer(secondKey)), 401, "invalid_api_key");
        assertProblem(b.get("/api/v1/keys/self", "Authorization", bearer(account.key())), 401, "invalid_api_key");
    }

    /**
     * The premise of the other tests: B really answers from its cache, so only the notification makes it refuse.
     * A revocation written straight into the database (no notification) goes unnoticed by B; the notification
     * another writer may send on the channel then makes B refuse within the same second.
     */
    @Test
    void revocationWrittenStraightToTheDatabase_isServedFromBsCache_untilNotified(TestInfo test) throws Exception {
        Account account = createAccount("free");
        JsonObject created = createKey(account.key(), "{\"name\":\"written-by-hand\"}");
        String key = created.getString("key");
        String keyId = created.getJsonObject("api_key").getString("id");
        cacheOnB(key);

        try (Connection connection = DriverManager.getConnection(jdbcUrl(), "postgres", "")) {
            try (PreparedStatement revoke = connection.prepareStatement(
                    "UPDATE api_keys SET is_active = false, revoked_at = now() WHERE id = ?")) {
                revoke.setObject(1, UUID.fromString(keyId));
                assertThat(revoke.executeUpdate()).isEqualTo(1);
            }
            long quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            while (System.nanoTime() < quietUntil) {
                assertThat(b.get("/api/v1/keys/self", "Authorization", bearer(key)).status())
                        .as("B answers a cached key without reading the database").isEqualTo(200);
                pause(50);
            }

            notify(connection, account.userId() + ":" + keyId);
            long changedAt = System.nanoTime();
            long latency = millisUntilBRefuses(key, changedAt);
            LOG.info(name(test) + ": B refused the key " + latency + " ms after a hand-sent NOTIFY");
            assertThat(latency).as("ms until B refused after the notification").isLessThanOrEqualTo(CONTRACT_MILLIS);
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private record Account(String userId, String key) {
    }

    private String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + dbPort + "/whitemagic";
    }

    private Account createAccount(String planTier) {
        String email = "cross-node-" + UUID.randomUUID() + "@example.com";
        String body = Json.createObjectBuilder().add("email", email).add("plan_tier", planTier).build().toString();
        ApiClient.Reply reply = admin("POST", "/api/v1/admin/users", body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        JsonObject json = reply.json();
        return new Account(json.getJsonObject("user").getString("id"), json.getString("key"));
    }

    /** A further key of the caller's, made through A. */
    private JsonObject createKey(String withKey, String jsonBody) {
        ApiClient.Reply reply = a.send("POST", "/api/v1/keys", HttpRequest.BodyPublishers.ofString(jsonBody),
                "Content-Type", "application/json", "Authorization", bearer(withKey));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    private ApiClient.Reply admin(String method, String path, String body) {
        return a.send(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body),
                "Content-Type", "application/json", "Authorization", bearer(ADMIN_TOKEN));
    }

    /** Uses the key on B twice: the first verification reads the database and caches, the second is a hit. */
    private void cacheOnB(String key) {
        for (int i = 0; i < 2; i++) {
            ApiClient.Reply self = b.get("/api/v1/keys/self", "Authorization", bearer(key));
            assertThat(self.status()).as(self.toString()).isEqualTo(200);
        }
    }

    private String planOnB(String key) {
        ApiClient.Reply self = b.get("/api/v1/keys/self", "Authorization", bearer(key));
        assertThat(self.status()).as(self.toString()).isEqualTo(200);
        return self.json().getString("plan_tier");
    }

    /** Polls B with the key until it answers 401; any answer but 200 and 401 fails at once. */
    private long millisUntilBRefuses(String key, long changedAt) {
        return millisUntil(() -> {
            ApiClient.Reply self = b.get("/api/v1/keys/self", "Authorization", bearer(key));
            assertThat(self.status()).as(self.toString()).isIn(200, 401);
            return self;
        }, self -> self.status() == 401, changedAt);
    }

    /**
     * @return ms from {@code changedAt} (a {@link System#nanoTime()}) until the first reply that matches
     * @throws AssertionError if none does within {@link #OBSERVE_MILLIS}
     */
    private long millisUntil(Supplier<ApiClient.Reply> poll, Predicate<ApiClient.Reply> done,
                             long changedAt) {
        long deadline = changedAt + TimeUnit.MILLISECONDS.toNanos(OBSERVE_MILLIS);
        ApiClient.Reply last;
        int polls = 0;
        do {
            last = poll.get();
            polls++;
            if (done.test(last)) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changedAt);
            }
            pause(POLL_MILLIS);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("node B still had not seen the change " + OBSERVE_MILLIS + " ms after node A made it ("
                + polls + " polls; contract " + CONTRACT_MILLIS + " ms); last answer: " + last + "; B's log: "
                + nodeB.logFile());
    }

    private static void notify(Connection connection, String payload) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify('wm_caller_invalidated', ?)")) {
            notify.setString(1, payload);
            notify.execute();
        }
    }

    /** The test method's name, to prefix each measured figure. */
    private static String name(TestInfo test) {
        return test.getTestMethod().map(method -> method.getName()).orElse(test.getDisplayName());
    }

    private static String bearer(String key) {
        return "Bearer " + key;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
