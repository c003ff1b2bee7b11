package dev.whitemagic.dist.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.RunningServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged server as an operator meets it: one command to start, SIGTERM to stop, data that survives,
 * and a start that cannot work ends quickly with a message that says why.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ServerJarIT {

    private static final Duration CLEAN_STOP = Duration.ofSeconds(60);
    private static final Duration FAST_FAILURE = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sigtermThenRestart_stopsEverythingCleanlyAndKeepsTheData() throws Exception {
        Path dataDir = RunningServer.freshDirectory("restart");
        int dbPort = RunningServer.freePort();
        Map<String, String> env = Map.of(
                "WM_DATA_DIR", dataDir.toString(),
                "WM_EMBEDDED_DB_PORT", Integer.toString(dbPort));

        try (RunningServer first = RunningServer.start("restart-1", env)) {
            assertThat(first.log()).contains("WhiteMagic Cloud is ready at http://localhost:" + first.port()
                    + "/ (embedded PostgreSQL in " + dataDir.resolve("postgres") + ")");
            assertThat(status(first, "health/ready")).isEqualTo(200);
            execute(dbPort, "CREATE TABLE it_marker (note text)", "INSERT INTO it_marker VALUES ('kept across restarts')");
            List<ProcessHandle> children = ProcessHandle.of(first.pid()).orElseThrow().descendants().toList();
            assertThat(children).isNotEmpty();

            assertThat(first.stop(CLEAN_STOP)).isZero();

            assertThat(children).noneMatch(ProcessHandle::isAlive);
            assertThat(acceptsConnections(first.port())).isFalse();
            assertThat(acceptsConnections(dbPort)).isFalse();
            assertThat(dataDir.resolve("postgres/postmaster.pid")).doesNotExist();
            assertThat(first.log()).contains("whitemagic-server: stopped");
        }

        try (RunningServer second = RunningServer.start("restart-2", env)) {
            assertThat(status(second, "health/ready")).isEqualTo(200);
            // Started without WM_ADMIN_TOKEN: the admin API does not exist, whatever token is presented.
            assertThat(status(second, "api/v1/admin/users?email=a@b.example")).isEqualTo(404);
            // Started without wm.http.cors.allowed-origins: no page of another origin may call the API.
            HttpResponse<Void> preflight = http.send(HttpRequest.newBuilder(second.baseUrl().resolve("api/v1/memories"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example.test")
                    .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.discarding());
            assertThat(preflight.headers().map().keySet()).noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"));
            HttpResponse<Void> call = http.send(HttpRequest.newBuilder(second.baseUrl().resolve("api/v1/version"))
                    .header("Origin", "https://app.example.test").build(), HttpResponse.BodyHandlers.discarding());
            assertThat(call.statusCode()).isEqualTo(200);
            assertThat(call.headers().map().keySet()).noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"));
            assertThat(queryMarker(dbPort)).isEqualTo("kept across restarts");
            assertThat(second.log()).doesNotContain("created database");
            assertThat(second.stop(CLEAN_STOP)).isZero();
        }
    }

    @Test
    void killedLauncher_takesPayaraWithIt_andTheNextStartStopsTheLeftoverPostgres() throws Exception {
        Path dataDir = RunningServer.freshDirectory("killed");
        int dbPort = RunningServer.freePort();
        Map<String, String> env = Map.of(
                "WM_DATA_DIR", dataDir.toString(),
                "WM_EMBEDDED_DB_PORT", Integer.toString(dbPort));

        try (RunningServer killed = RunningServer.start("killed-1", env)) {
            List<ProcessHandle> children = ProcessHandle.of(killed.pid()).orElseThrow().descendants().toList();

            killed.kill();

            for (ProcessHandle child : children) {
                child.onExit().get(60, TimeUnit.SECONDS);
            }
            assertThat(acceptsConnections(killed.port())).isFalse();
            // PostgreSQL runs detached from the launcher and outlives it
            assertThat(acceptsConnections(dbPort)).isTrue();
        }

        try (RunningServer next = RunningServer.start("killed-2", env)) {
            assertThat(next.log()).contains("stopping PostgreSQL (pid ").contains("left running on");
            assertThat(status(next, "health/ready")).isEqualTo(200);
            assertThat(next.stop(CLEAN_STOP)).isZero();
        }
        assertThat(acceptsConnections(dbPort)).isFalse();
    }

    @Test
    void portAlreadyInUse_failsAtOnceWithoutStartingAnything() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            RunningServer server = RunningServer.launch("port-taken",
                    Map.of("WM_PORT", Integer.toString(taken.getLocalPort())));

            assertThat(server.awaitExit(FAST_FAILURE)).isEqualTo(1);
            assertThat(server.log())
                    .contains("did not start: port " + taken.getLocalPort() + " (WM_PORT) is already in use")
                    .doesNotContain("starting embedded PostgreSQL");
        }
    }

    @Test
    void payaraThatCannotStart_failsWithItsOwnWordsAndStopsPostgres() {
        int dbPort = RunningServer.freePort();
        RunningServer server = RunningServer.launch("payara-cannot-start", Map.of(
                "WM_JAVA_OPTS", "-XX:+WhiteMagicNoSuchOption",
                "WM_EMBEDDED_DB_PORT", Integer.toString(dbPort)));

        assertThat(server.awaitExit(FAST_FAILURE)).isEqualTo(1);
        assertThat(server.log())
                .contains("embedded PostgreSQL is up on localhost:" + dbPort)
                .contains("did not start: Payara Micro exited with code 1 before the application was ready")
                .contains("whitemagic-server:   Unrecognized VM option 'WhiteMagicNoSuchOption'");
        assertThat(acceptsConnections(dbPort)).isFalse();
        assertThat(server.dataDir().resolve("postgres/postmaster.pid")).doesNotExist();
    }

    @Test
    void aSettingOutOfRange_failsTheDeployment_namingKeyValueAndWhatIsAllowed() {
        RunningServer server = RunningServer.launch("setting-out-of-range", Map.of(
                "WM_USAGE_RETENTION_DAYS", "0",
                "WM_ADMIN_TOKEN", "it-admin-token-never-printed"));

        assertThat(server.awaitExit(Duration.ofSeconds(120))).isEqualTo(1);
        assertThat(server.log())
                .contains("configuration wm.usage.retention-days = 0 is not allowed: expected a whole number from 1 "
                        + "to 3650")
                .doesNotContain("it-admin-token-never-printed");
    }

    @Test
    void unreachableExternalDatabase_failsWithTheUrlButNeverThePassword() {
        int closedPort = RunningServer.freePort();
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/whitemagic";
        RunningServer server = RunningServer.launch("database-unreachable", Map.of(
                "WM_DB_URL", url,
                "WM_DB_USER", "whitemagic",
                "WM_DB_PASSWORD", "it-password-never-printed",
                "WM_START_TIMEOUT_SECONDS", "3"));

        assertThat(server.awaitExit(FAST_FAILURE)).isEqualTo(1);
        assertThat(server.log())
                .contains("did not start: cannot connect to the database " + url + " as whitemagic")
                .doesNotContain("it-password-never-printed")
                .doesNotContain("started Payara Micro");
    }

    private int status(RunningServer server, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.baseUrl().resolve(path)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void execute(int dbPort, String... statements) throws SQLException {
        try (Connection connection = connect(dbPort); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String queryMarker(int dbPort) throws SQLException {
        try (Connection connection = connect(dbPort);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT note FROM it_marker")) {
            assertThat(rows.next()).as("marker row").isTrue();
            return rows.getString(1);
        }
    }

    private static Connection connect(int dbPort) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + dbPort + "/whitemagic", "postgres", "");
    }

    private static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
