package dev.whitemagic.dist.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.http.TestAccounts.Account;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * memory_search ({@code 016-memory-search.xml}) holds the searched columns of every memory and is what searches read: after every
 * kind of write through the API it must equal memories exactly, row for row (and hold no row of a deleted one).
 */
class MemorySearchSyncIT {

    /** Rows of memories and memory_search that differ (or exist on one side only) for a user. */
    private static final String DIFFERENCES = "SELECT coalesce(m.id, s.id)::text"
            + " FROM (SELECT * FROM memories WHERE user_id = ?) m"
            + " FULL JOIN (SELECT * FROM memory_search WHERE user_id = ?) s ON s.id = m.id"
            + " WHERE m.id IS NULL OR s.id IS NULL"
            + " OR (m.user_id, m.created_at, m.type, m.status, m.tags, m.title, m.tsv)"
            + " IS DISTINCT FROM (s.user_id, s.created_at, s.type, s.status, s.tags, s.title, s.tsv)";

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private ApiClient.Reply send(String method, String path, String key, String body, String... headers) {
        return api.sendJson(method, path, key, body, headers);
    }

    private String create(Account account, String body, String... headers) {
        ApiClient.Reply reply = send("POST", "/api/v1/memories", account.key(), body, headers);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("id");
    }

    private static List<String> differences(String userId) {
        try (Connection connection = DriverManager.getConnection(SharedServer.jdbcUrl(), "postgres", "");
             PreparedStatement query = connection.prepareStatement(DIFFERENCES)) {
            query.setObject(1, UUID.fromString(userId));
            query.setObject(2, UUID.fromString(userId));
            List<String> ids = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    ids.add(row.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String sql, String id) {
        try (Connection connection = DriverManager.getConnection(SharedServer.jdbcUrl(), "postgres", "");
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, UUID.fromString(id));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A keyword search: what memory_search serves. */
    private List<String> searchTitles(Account account, String json) {
        ApiClient.Reply reply = send("POST", "/api/v1/search", account.key(),
                json.replaceFirst("^\\{", "{\"mode\":\"keyword\","));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .map(h -> h.getJsonObject("memory").getString("title")).toList();
    }

    @Test
    void everyWrite_keepsMemorySearchEqualToMemories() {
        Account account = TestAccounts.create(api);
        String plain = create(account, "{\"title\":\"Gardening notes\",\"content\":\"tomatoes need sun\"}");
        String tagged = create(account, "{\"title\":\"Pool sizing\",\"content\":\"the connection pool of the api\","
                + "\"type\":\"long_term\",\"tags\":[\"Postgres\",\"ops\"]}");
        String key = "sync-" + UUID.randomUUID();
        String once = create(account, "{\"title\":\"Once\",\"content\":\"written once\"}", "Idempotency-Key", key);
        assertThat(create(account, "{\"title\":\"Once\",\"content\":\"written once\"}", "Idempotency-Key", key))
                .as("an idempotent retry writes nothing").isEqualTo(once);
        assertThat(differences(account.userId())).isEmpty();
        assertThat(count("SELECT count(*) FROM memory_search WHERE user_id = ?", account.userId())).isEqualTo(3);

        // Title, content, tags and type, each alone.
        assertThat(send("PATCH", "/api/v1/memories/" + plain, account.key(), "{\"title\":\"Kubernetes notes\"}")
                .status()).isEqualTo(200);
        assertThat(differences(account.userId())).isEmpty();
        assertThat(send("PATCH", "/api/v1/memories/" + plain, account.key(),
                "{\"content\":\"pods restart after the rollout\"}").status()).isEqualTo(200);
        assertThat(differences(account.userId())).isEmpty();
        assertThat(send("PATCH", "/api/v1/memories/" + tagged, account.key(), "{\"tags\":[\"infra\"]}").status())
                .isEqualTo(200);
        assertThat(differences(account.userId())).isEmpty();
        assertThat(send("PATCH", "/api/v1/memories/" + tagged, account.key(), "{\"type\":\"short_term\"}").status())
                .isEqualTo(200);
        assertThat(differences(account.userId())).isEmpty();
        assertThat(searchTitles(account, "{\"query\":\"rollout\"}")).containsExactly("Kubernetes notes");
        assertThat(searchTitles(account, "{\"query\":\"kubernets\"}")).containsExactly("Kubernetes notes");
        assertThat(searchTitles(account, "{\"query\":\"gardening\"}")).isEmpty();
        assertThat(searchTitles(account, "{\"query\":\"pool\",\"tags\":[\"infra\"]}")).containsExactly("Pool sizing");
        assertThat(searchTitles(account, "{\"query\":\"pool\",\"tags\":[\"postgres\"]}")).isEmpty();

        // Archive and restore.
        assertThat(send("DELETE", "/api/v1/memories/" + tagged, account.key(), null).status()).isEqualTo(204);
        assertThat(differences(account.userId())).isEmpty();
        assertThat(searchTitles(account, "{\"query\":\"pool\"}")).isEmpty();
        assertThat(searchTitles(account, "{\"query\":\"pool\",\"include_archived\":true}"))
                .containsExactly("Pool sizing");
        assertThat(send("POST", "/api/v1/memories/" + tagged + "/restore", account.key(), null).status())
                .isEqualTo(200);
        assertThat(differences(account.userId())).isEmpty();
        assertThat(searchTitles(account, "{\"query\":\"pool\"}")).containsExactly("Pool sizing");

        // Reads move accessed_at only: memory_search is not rewritten for them (the rows stay equal anyway).
        assertThat(send("GET", "/api/v1/memories/" + plain, account.key(), null).status()).isEqualTo(200);
        assertThat(differences(account.userId())).isEmpty();

        // Consolidation: archives the short-term memories and creates long-term ones in one transaction.
        ApiClient.Reply consolidated = send("POST", "/api/v1/consolidate", account.key(),
                "{\"dry_run\":false,\"min_age_days\":0}");
        assertThat(consolidated.status()).as(consolidated.toString()).isEqualTo(200);
        assertThat(consolidated.json().getInt("archived_count")).isPositive();
        assertThat(differences(account.userId())).isEmpty();

        // Permanent deletion removes the row.
        assertThat(send("DELETE", "/api/v1/memories/" + once + "?permanent=true", account.key(), null).status())
                .isEqualTo(204);
        assertThat(differences(account.userId())).isEmpty();
        assertThat(count("SELECT count(*) FROM memory_search WHERE id = ?", once)).isZero();
    }

    @Test
    void deletingTheUser_removesTheirRows() {
        Account account = TestAccounts.create(api);
        create(account, "{\"title\":\"Mine\",\"content\":\"soon gone\"}");
        assertThat(count("SELECT count(*) FROM memory_search WHERE user_id = ?", account.userId())).isEqualTo(1);

        ApiClient.Reply deleted = api.send("DELETE", "/api/v1/admin/users/" + account.userId(),
                HttpRequest.BodyPublishers.noBody(), "Authorization", "Bearer " + SharedServer.ADMIN_TOKEN);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(count("SELECT count(*) FROM memory_search WHERE user_id = ?", account.userId())).isZero();
    }
}
