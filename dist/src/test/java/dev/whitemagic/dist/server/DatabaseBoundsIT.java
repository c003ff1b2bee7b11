package dev.whitemagic.dist.server;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.RunningServer;
import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.TestPlans;
import dev.whitemagic.dist.http.ApiClient;
import dev.whitemagic.dist.http.TestAccounts;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Bounded database work against the packaged server: a query that runs too long is cancelled and answered 503 with
 * {@code Retry-After}; a request that cannot get a connection in time is answered the same instead of queueing.
 * <p>
 * A query is made slow by the test itself: its own connection holds {@code LOCK TABLE memories IN ACCESS EXCLUSIVE
 * MODE}, so every read of a memory waits on the lock until the statement timeout cancels it. One server serves the
 * tests (one start is most of their cost); each makes its own account and leaves the server as it found it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DatabaseBoundsIT {

    /** Above the pool's wait, so that requests without a connection are refused before any statement ends. */
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);
    /** The data source's max-pool-size. */
    private static final int POOL_SIZE = 32;

    private RunningServer server;
    private ApiClient api;
    private int dbPort;

    @BeforeAll
    void start() {
        dbPort = RunningServer.freePort();
        server = RunningServer.start("database-bounds", TestPlans.withGenerousFree(Map.of(
                "WM_EMBEDDED_DB_PORT", Integer.toString(dbPort),
                "WM_ADMIN_TOKEN", SharedServer.ADMIN_TOKEN,
                "WM_DB_STATEMENT_TIMEOUT", STATEMENT_TIMEOUT.toSeconds() + "s",
                // Leases outlive the tests: the rate limiter needs no connection while the pool is exhausted.
                "WM_RATELIMIT_LEASE_MILLIS", "600000")));
        api = new ApiClient(server.baseUrl().toString());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void slowQuery_isCancelledByTheStatementTimeout_andAnswered503_thenTheServerServesAgain() throws Exception {
        Memory memory = newMemory();
        double timeoutsBefore = busyAnswers("statement_timeout");
        long elapsedMillis;
        ApiClient.Reply reply;
        try (Connection lock = lockMemories()) {
            long start = System.nanoTime();
            reply = memory.read();
            elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
        JsonObject problem = assertProblem(reply, 503, "service_unavailable");
        assertThat(reply.header("Retry-After")).isEqualTo("1");
        assertThat(problem.getString("detail")).contains("took too long");
        assertThat(elapsedMillis).as("ms until the answer: the statement waited for its timeout, and no longer")
                .isBetween(STATEMENT_TIMEOUT.toMillis() - 500, STATEMENT_TIMEOUT.toMillis() + 5000);

        assertThat(memory.read().status()).as("the lock released, the same read works").isEqualTo(200);
        assertThat(busyAnswers("statement_timeout") - timeoutsBefore).as("counted for operators").isEqualTo(1);
        String log = server.log();
        assertThat(log).contains("answered 503, a statement ran past wm.db.statement-timeout")
                .doesNotContain("internal error on request");
        assertThat(log.lines().filter(line -> line.contains("DatabaseBusyAnswers")).toList())
                .as("the application's 503 lines carry no SQL").isNotEmpty()
                .noneMatch(line -> line.toLowerCase(Locale.ROOT).contains("memories m1_0"));
        assertThat(log.toLowerCase(Locale.ROOT)).as("nor does any other line: not even the embedded PostgreSQL's own")
                .doesNotContain("memories m1_0").doesNotContain("statement: ");
    }

    @Test
    void moreBlockedRequestsThanConnections_theExtraOnesAnswer503_afterTheMaxWait() throws Exception {
        Memory memory = newMemory();
        int requests = POOL_SIZE + 16;
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        List<ApiClient.Reply> replies = new ArrayList<>();
        long elapsedMillis;
        try (Connection lock = lockMemories()) {
            long start = System.nanoTime();
            List<Future<ApiClient.Reply>> pending = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                pending.add(clients.submit(memory::read));
            }
            for (Future<ApiClient.Reply> reply : pending) {
                replies.add(reply.get(60, TimeUnit.SECONDS));
            }
            elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        } finally {
            clients.shutdownNow();
        }

        List<String> details = new ArrayList<>();
        for (ApiClient.Reply reply : replies) {
            details.add(assertProblem(reply, 503, "service_unavailable").getString("detail"));
            assertThat(reply.header("Retry-After")).as(reply.toString()).isEqualTo("1");
        }
        assertThat(details).as("those without a connection were refused, not queued")
                .anyMatch(detail -> detail.contains("cannot take this request"));
        assertThat(details).as("those with one waited for the statement timeout")
                .anyMatch(detail -> detail.contains("took too long"));
        assertThat(elapsedMillis).as("nothing queued behind the blocked requests")
                .isLessThan(STATEMENT_TIMEOUT.toMillis() + 20_000);
        assertThat(server.log()).contains("answered 503, no database connection")
                .doesNotContain("internal error on request");

        assertThat(memory.read().status()).as("the lock released, the pool serves again").isEqualTo(200);
    }

    @Test
    void keyNotYetCached_whileItsTableIsLocked_isAnswered503_notRefusedAsUnknown() throws Exception {
        TestAccounts.Account account = TestAccounts.create(api);
        ApiClient.Reply reply;
        try (Connection lock = lock("api_keys")) {
            reply = api.get("/api/v1/keys/self", "Authorization", TestAccounts.bearer(account.key()));
        }

        assertProblem(reply, 503, "service_unavailable");
        assertThat(reply.header("Retry-After")).isEqualTo("1");
        assertThat(reply.header("WWW-Authenticate")).as("not an authentication failure").isNull();
        assertThat(api.get("/metrics?scope=application").body())
                .containsPattern("wm_auth_attempts_total\\{(?=[^}]*outcome=\"unavailable\")[^}]*} [1-9]");
        assertThat(api.get("/api/v1/keys/self", "Authorization", TestAccounts.bearer(account.key())).status())
                .as("the key was not remembered as unknown: once the table is free it works").isEqualTo(200);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private record Memory(ApiClient api, String key, String id) {

        ApiClient.Reply read() {
            return api.get("/api/v1/memories/" + id, "Authorization", TestAccounts.bearer(key));
        }
    }

    /** A memory of a new account, read once, so that its key is cached and its rate-limit lease taken. */
    private Memory newMemory() {
        TestAccounts.Account account = TestAccounts.create(api);
        ApiClient.Reply created = api.send("POST", "/api/v1/memories",
                HttpRequest.BodyPublishers.ofString("{\"title\":\"bounded\",\"content\":\"waits on a lock\"}"),
                "Content-Type", "application/json", "Authorization", TestAccounts.bearer(account.key()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Memory memory = new Memory(api, account.key(), created.json().getString("id"));
        assertThat(memory.read().status()).isEqualTo(200);
        return memory;
    }

    /** The server's count of requests answered 503 for this kind of database failure. */
    private double busyAnswers(String kind) {
        Matcher sample = Pattern.compile("(?m)^wm_database_busy_total\\{[^}]*kind=\"" + kind + "\"[^}]*} (\\S+)$")
                .matcher(api.get("/metrics?scope=application").body());
        assertThat(sample.find()).as("wm_database_busy_total{kind=\"" + kind + "\"} in /metrics").isTrue();
        return Double.parseDouble(sample.group(1));
    }

    /** A connection whose open transaction holds every read of {@code memories} until it is closed. */
    private Connection lockMemories() throws SQLException {
        return lock("memories");
    }

    /** A connection whose open transaction holds every read of {@code table} until it is closed. */
    private Connection lock(String table) throws SQLException {
        Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + dbPort + "/whitemagic", "postgres", "");
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        }
        return connection;
    }
}
