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

    public static String bearer(String key) {
        return "Bearer " + key;
    }
}
