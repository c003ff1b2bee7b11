package dev.whitemagic.dist.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.UUID;

/** Users and keys for the HTTP tests, made through the admin API: each test makes its own. */
public final class TestAccounts {

    private TestAccounts() {
    }

    /** A user made through the admin API, with its first key (all four scopes). */
    public record Account(String userId, String email, String key, String keyId) {
    }

    public static Account create(ApiClient api) {
        return create(api, "free");
    }

    public static Account create(ApiClient api, String planTier) {
        String email = "it-" + UUID.randomUUID() + "@example.com";
        String body = Json.createObjectBuilder().add("email", email).add("plan_tier", planTier).build().toString();
        ApiClient.Reply reply = api.send("POST", "/api/v1/admin/users", HttpRequest.BodyPublishers.ofString(body),
                "Content-Type", "application/json", "Authorization", "Bearer " + SharedServer.ADMIN_TOKEN);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        JsonObject json = reply.json();
        return new Account(json.getJsonObject("user").getString("id"), email, json.getString("key"),
                json.getJsonObject("api_key").getString("id"));
    }

    /** A further key of the caller's, made with the given key; returns the created-key answer. */
    public static JsonObject createKey(ApiClient api, String withKey, String jsonBody) {
        ApiClient.Reply reply = api.send("POST", "/api/v1/keys", HttpRequest.BodyPublishers.ofString(jsonBody),
                "Content-Type", "application/json", "Authorization", "Bearer " + withKey);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    /**
     * Waits until every memory of the account is embedded ({@code embeddings_pending} 0; the model may still be
     * loading after the start): until then a search by meaning, and the order of a hybrid one, can still change.
     */
    public static void awaitEmbedded(ApiClient api, Account account) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
        long pending;
        do {
            ApiClient.Reply stats = api.get("/api/v1/stats", "Authorization", bearer(account.key()));
            assertThat(stats.status()).isEqualTo(200);
            pending = stats.json().getJsonNumber("embeddings_pending").longValue();
            if (pending == 0) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError(pending + " memories still not embedded after 90 s");
    }

    public static String bearer(String key) {
        return "Bearer " + key;
    }
}
