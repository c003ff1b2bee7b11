package dev.whitemagic.dist.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.RunningServer;
import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.TestPlans;
import dev.whitemagic.dist.http.ApiClient;
import dev.whitemagic.dist.http.TestAccounts;
import dev.whitemagic.dist.http.TestAccounts.Account;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every PostgreSQL process of the embedded database is stopped (SIGSTOP) for {@value #HANG_SECONDS} s while clients
 * write memories, then resumed: no request waits longer than the driver's bounds allow (not as long as the hang),
 * readiness turns DOWN and UP again, the service recovers by itself, and nothing answered is lost (every 201 is
 * stored, every answered request is metered exactly once), and the log tells what happened without a stack frame,
 * SQL or key.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DatabaseHangIT {

    private static final Logger LOG = Logger.getLogger(DatabaseHangIT.class.getName());
    private static final int HANG_SECONDS = 20;
    private static final int CLIENTS = 4;
    /**
     * The longest any request waits whatever the database does: one on an open connection waits at most the driver's
     * socket timeout (6 s); one that needs a connection waits the pool's bounded validation (1 s) and a login (2 s),
     * and one whose connection the pool's fail-all closes in between may pay both in turn (9 s; seen: 8.1 s on a
     * loaded 2-core CI machine). A margin for a busy machine on top; well short of the 20 s hang, so a wait that grew
     * with the hang would still fail.
     */
    private static final Duration ANY_WAIT = Duration.ofSeconds(10);
    private static final Duration RECOVERY = Duration.ofSeconds(5);
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s*(at \\S+\\(|\\.\\.\\. \\d+ more)");

    private record Outcome(long startedNanos, long endedNanos, int status, String id) {
    }

    @Test
    void aHungDatabase_boundsEveryWait_andEverythingRecoversWithNothingLost() throws Exception {
        try (RunningServer server = RunningServer.start("database-hang", TestPlans.withGenerousFree(Map.of(
                "WM_EMBEDDED_DB_PORT", Integer.toString(RunningServer.freePort()),
                "WM_ADMIN_TOKEN", SharedServer.ADMIN_TOKEN,
                "WM_RATELIMIT_LEASE_MILLIS", "600000",
                // During the hang the clients are refused at once, over 10,000 times: the default buffer would
                // drop usage records by design (its own test covers that), and this one counts every record.
                "WM_USAGE_BUFFER_SIZE", "100000")))) {
            ApiClient api = new ApiClient(server.baseUrl().toString());
            Account account = TestAccounts.create(api);
            long before = requestsToday(api, account);

            List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        long started = System.nanoTime();
                        ApiClient.Reply reply;
                        try {
                            reply = api.sendJson("POST", "/api/v1/memories", account.key(),
                                    "{\"title\":\"hang " + client + "-" + i + "\",\"content\":\"c\"}");
                        } catch (RuntimeException e) {
                            outcomes.add(new Outcome(started, System.nanoTime(), -1, null));
                            continue;
                        }
                        outcomes.add(new Outcome(started, System.nanoTime(), reply.status(),
                                reply.status() == 201 ? reply.json().getString("id") : null));
                    }
                });
            }
            Thread.sleep(3_000);
            List<Long> postgres = postgresProcesses(server.dataDir());
            signal("STOP", postgres);
            long stopped = System.nanoTime();
            Thread.sleep(3_000);
            long probeStarted = System.nanoTime();
            int readyWhileHung = readiness(api);
            long probeMillis = (System.nanoTime() - probeStarted) / 1_000_000;
            Thread.sleep(HANG_SECONDS * 1_000L - 3_000);
            signal("CONT", postgres);
            long resumed = System.nanoTime();
            Thread.sleep(10_000);
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            List<Outcome> all = List.copyOf(outcomes);
            long longest = all.stream().mapToLong(o -> o.endedNanos() - o.startedNanos()).max().orElse(0);
            long firstCreatedAfterResume = all.stream().filter(o -> o.status() == 201 && o.startedNanos() > resumed)
                    .mapToLong(Outcome::endedNanos).min().orElse(Long.MAX_VALUE);
            Map<Integer, Long> statuses = new TreeMap<>();
            all.forEach(o -> statuses.merge(o.status(), 1L, Long::sum));
            LOG.info(() -> "database hang " + HANG_SECONDS + " s: " + all.size() + " requests " + statuses
                    + ", longest wait " + longest / 1_000_000 + " ms, first 201 after resume in "
                    + (firstCreatedAfterResume - resumed) / 1_000_000 + " ms, readiness while hung " + readyWhileHung + " in "
                    + probeMillis + " ms");

            all.stream().filter(o -> o.endedNanos() - o.startedNanos() > 5_500_000_000L).forEach(o -> LOG.info(() ->
                    "long wait: started " + (o.startedNanos() - stopped) / 1_000_000 + " ms after the stop, took "
                            + (o.endedNanos() - o.startedNanos()) / 1_000_000 + " ms, answered " + o.status()));
            assertThat(statuses.keySet()).as("every request answered, 201 or 503").isSubsetOf(201, 503);
            assertThat(Duration.ofNanos(longest)).as("longest wait of any request").isLessThan(ANY_WAIT);
            assertThat(readyWhileHung).as("readiness while the database hangs").isEqualTo(503);
            assertThat(probeMillis).as("the readiness probe answers in time").isLessThan(4_000);
            assertThat(Duration.ofNanos(firstCreatedAfterResume - resumed)).as("recovery").isLessThan(RECOVERY);
            assertThat(api.get("/health/ready").status()).isEqualTo(200);
            for (Outcome created : all.stream().filter(o -> o.status() == 201).toList()) {
                assertThat(api.sendJson("GET", "/api/v1/memories/" + created.id(), account.key(), null).status())
                        .as("a 201 is stored").isEqualTo(200);
            }
            Thread.sleep(3_000);
            long answered = all.stream().filter(o -> o.status() > 0).count();
            long created = all.stream().filter(o -> o.status() == 201).count();
            // +1: the first usage read itself; + created: the GETs above.
            assertThat(requestsToday(api, account)).as("every answered request metered")
                    .isEqualTo(before + 1 + answered + created);
            String log = server.log();
            // Which failure ends the hung reads (the driver's socket timeout, or the pool closing every connection
            // once a new one cannot be opened) depends on timing; the application says the database is away either way.
            assertThat(log).as("the hang was logged").contains("the database cannot be reached");
            assertThat(log.lines().filter(line -> STACK_FRAME.matcher(line).find()).toList())
                    .as("stack frames in the log").isEmpty();
            assertThat(log).as("no SQL in the log").doesNotContainIgnoringCase("insert into")
                    .doesNotContainIgnoringCase("select ").doesNotContain(account.key());
        }
    }

    private static int readiness(ApiClient api) {
        try {
            return api.send(api.request("/health/ready").timeout(Duration.ofSeconds(10)).GET().build()).status();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static long requestsToday(ApiClient api, Account account) {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        return api.sendJson("GET", "/api/v1/usage?from=" + today + "&to=" + today, account.key(), null).json()
                .getJsonArray("days").getJsonObject(0).getJsonNumber("requests").longValue();
    }

    /** The postmaster (from its pid file) and every process it started. */
    private static List<Long> postgresProcesses(Path dataDir) throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).strip());
        List<Long> pids = new ArrayList<>(List.of(postmaster));
        ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(p -> pids.add(p.pid()));
        return pids;
    }

    private static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
    }
}
