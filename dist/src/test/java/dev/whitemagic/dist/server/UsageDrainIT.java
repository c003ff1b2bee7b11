package dev.whitemagic.dist.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.RunningServer;
import dev.whitemagic.dist.TestPlans;
import dev.whitemagic.dist.http.ApiClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A graceful stop loses no usage record: what is still buffered is written while the database is there. The server
 * runs with flush periods of an hour, so only the flushes at shutdown can have written the rows (and the key's
 * {@code last_used_at}, which is flushed at the same moment).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class UsageDrainIT {

    private static final Duration CLEAN_STOP = Duration.ofSeconds(60);
    private static final String ADMIN_TOKEN = "drain-admin-token";

    private record Row(String endpoint, String method, int status, String keyId) {
    }

    @Test
    void sigterm_writesEveryBufferedRecord_withItsKey_beforeTheDatabaseStops() throws Exception {
        Path dataDir = RunningServer.freshDirectory("usage-drain");
        int dbPort = RunningServer.freePort();
        Map<String, String> env = TestPlans.withGenerousFree(Map.of(
                "WM_DATA_DIR", dataDir.toString(),
                "WM_EMBEDDED_DB_PORT", Integer.toString(dbPort),
                "WM_ADMIN_TOKEN", ADMIN_TOKEN,
                "WM_USAGE_FLUSH_MILLIS", "3600000",
                "WM_AUTH_USAGE_FLUSH_SECONDS", "3600"));
        String userId;
        String keyId;
        List<Row> expected = new ArrayList<>();

        try (RunningServer server = RunningServer.start("usage-drain-1", env)) {
            ApiClient api = new ApiClient(server.baseUrl().toString());
            JsonObject account = createAccount(api);
            userId = account.getJsonObject("user").getString("id");
            keyId = account.getJsonObject("api_key").getString("id");
            String key = account.getString("key");
            for (int i = 0; i < 20; i++) {
                assertThat(api.get("/api/v1/tags", "Authorization", "Bearer " + key).status()).isEqualTo(200);
                expected.add(new Row("/api/v1/tags", "GET", 200, keyId));
                assertThat(api.get("/api/v1/memories/" + UUID.randomUUID(), "Authorization", "Bearer " + key).status())
                        .isEqualTo(404);
                expected.add(new Row("/api/v1/memories/{id}", "GET", 404, keyId));
            }
            assertThat(rows(dbPort, userId)).as("nothing is written before the stop").isEmpty();
            assertThat(lastUsed(dbPort, keyId)).as("nor the key's last use").isNull();

            assertThat(server.stop(CLEAN_STOP)).isZero();
        }

        try (RunningServer restarted = RunningServer.start("usage-drain-2", env)) {
            assertThat(rows(dbPort, userId)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(lastUsed(dbPort, keyId)).isNotNull();
            assertThat(restarted.stop(CLEAN_STOP)).isZero();
        }
    }

    private static JsonObject createAccount(ApiClient api) {
        String body = Json.createObjectBuilder().add("email", "drain-" + UUID.randomUUID() + "@example.com").build()
                .toString();
        ApiClient.Reply reply = api.send("POST", "/api/v1/admin/users", HttpRequest.BodyPublishers.ofString(body),
                "Content-Type", "application/json", "Authorization", "Bearer " + ADMIN_TOKEN);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    private static Connection connect(int dbPort) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + dbPort + "/whitemagic", "postgres", "");
    }

    private static Object lastUsed(int dbPort, String keyId) throws SQLException {
        try (Connection connection = connect(dbPort);
             PreparedStatement query = connection.prepareStatement(
                     "SELECT last_used_at FROM api_keys WHERE id = ?::uuid")) {
            query.setString(1, keyId);
            try (ResultSet result = query.executeQuery()) {
                assertThat(result.next()).as("key " + keyId).isTrue();
                return result.getObject(1);
            }
        }
    }

    private static List<Row> rows(int dbPort, String userId) throws SQLException {
        try (Connection connection = connect(dbPort);
             PreparedStatement query = connection.prepareStatement("SELECT endpoint, method, status_code,"
                     + " api_key_id FROM usage_records WHERE user_id = ?::uuid")) {
            query.setString(1, userId);
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getString(1), result.getString(2), result.getInt(3), result.getString(4)));
                }
            }
            return rows;
        }
    }
}
