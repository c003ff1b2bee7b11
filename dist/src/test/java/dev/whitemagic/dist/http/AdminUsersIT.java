package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static dev.whitemagic.dist.http.TestAccounts.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.http.TestAccounts.Account;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AdminUsersIT {

    private static final String ADMIN = bearer(SharedServer.ADMIN_TOKEN);

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private ApiClient.Reply admin(String method, String path, String body) {
        return api.send(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body), "Content-Type", "application/json", "Authorization", ADMIN);
    }

    @Test
    void createUser_givesItsFirstKeyWithAllScopes_andAQuota() {
        String email = "Admin-" + UUID.randomUUID() + "@Example.com";
        ApiClient.Reply reply = admin("POST", "/api/v1/admin/users",
                "{\"email\":\"" + email + "\",\"plan_tier\":\"pro\",\"whop_user_id\":\"user_" + UUID.randomUUID() + "\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        JsonObject body = reply.json();
        JsonObject user = body.getJsonObject("user");
        assertThat(user.getString("plan_tier")).isEqualTo("pro");
        assertThat(reply.header("Location")).endsWith("/api/v1/admin/users/" + user.getString("id"));
        assertThat(body.getJsonObject("api_key").getJsonArray("scopes")).hasSize(4);

        ApiClient.Reply self = api.get("/api/v1/keys/self", "Authorization", bearer(body.getString("key")));
        assertThat(self.json().getString("plan_tier")).isEqualTo("pro");
        ApiClient.Reply me = api.get("/api/v1/me", "Authorization", bearer(body.getString("key")));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().getJsonObject("user").getString("id")).isEqualTo(user.getString("id"));

        ApiClient.Reply found = admin("GET", "/api/v1/admin/users?email=" + email.toLowerCase(), null);
        assertThat(found.json().getJsonArray("items")).hasSize(1);
        assertThat(admin("GET", "/api/v1/admin/users/" + user.getString("id"), null).json().getString("email"))
                .isEqualTo(email);
    }

    @Test
    void duplicateEmail_isConflict() {
        Account account = TestAccounts.create(api);
        assertProblem(admin("POST", "/api/v1/admin/users", "{\"email\":\"" + account.email().toUpperCase() + "\"}"),
                409, "conflict");
    }

    @Test
    void invalidUsers_areValidationFailures() {
        assertProblem(admin("POST", "/api/v1/admin/users", "{\"email\":\"not-an-email\"}"), 400, "validation_failed");
        assertProblem(admin("POST", "/api/v1/admin/users", "{}"), 400, "validation_failed");
        assertProblem(admin("POST", "/api/v1/admin/users", "{\"email\":\"a@b.example\",\"plan_tier\":\"gold\"}"), 400,
                "validation_failed");
    }

    @Test
    void planChange_appliesToTheNextRequest_andUnknownTiersAreRefused() {
        Account account = TestAccounts.create(api);
        assertThat(api.get("/api/v1/keys/self", "Authorization", bearer(account.key())).json().getString("plan_tier"))
                .isEqualTo("free");
        ApiClient.Reply patched = admin("PATCH", "/api/v1/admin/users/" + account.userId(), "{\"plan_tier\":\"starter\"}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().getString("plan_tier")).isEqualTo("starter");
        assertThat(api.get("/api/v1/keys/self", "Authorization", bearer(account.key())).json().getString("plan_tier"))
                .isEqualTo("starter");
        assertProblem(admin("PATCH", "/api/v1/admin/users/" + account.userId(), "{\"plan_tier\":\"platinum\"}"), 400,
                "validation_failed");
    }

    @Test
    void deletingAUser_stopsItsKeysAtOnce() {
        Account account = TestAccounts.create(api);
        assertThat(api.get("/api/v1/keys/self", "Authorization", bearer(account.key())).status()).isEqualTo(200);
        assertThat(admin("DELETE", "/api/v1/admin/users/" + account.userId(), null).status()).isEqualTo(204);
        assertProblem(api.get("/api/v1/keys/self", "Authorization", bearer(account.key())), 401, "invalid_api_key");
        assertProblem(admin("GET", "/api/v1/admin/users/" + account.userId(), null), 404, "not_found");
        assertProblem(admin("DELETE", "/api/v1/admin/users/" + account.userId(), null), 404, "not_found");
    }

    @Test
    void issueKeyForAUser_worksForThatUser() {
        Account account = TestAccounts.create(api);
        ApiClient.Reply reply = admin("POST", "/api/v1/admin/users/" + account.userId() + "/keys", "{\"name\":\"ops\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        String key = reply.json().getString("key");
        assertThat(api.get("/api/v1/keys/self", "Authorization", bearer(key)).json().getString("user_id"))
                .isEqualTo(account.userId());
        assertProblem(admin("POST", "/api/v1/admin/users/" + UUID.randomUUID() + "/keys", "{\"name\":\"x\"}"), 404,
                "not_found");
    }

    @Test
    void adminApi_refusesMissingOrWrongTokens_andApiKeys() {
        Account account = TestAccounts.create(api);
        ApiClient.Reply missing = api.get("/api/v1/admin/users?email=a@b.example");
        assertProblem(missing, 401, "unauthorized");
        assertProblem(api.get("/api/v1/admin/users?email=a@b.example", "Authorization", "Bearer wrong-token"), 401,
                "unauthorized");
        assertProblem(api.get("/api/v1/admin/users?email=a@b.example", "Authorization", bearer(account.key())), 401,
                "unauthorized");
    }

    @Test
    void theAdminToken_isAcceptedAsABearerTokenOnly() {
        assertThat(api.get("/api/v1/admin/users?email=a@b.example", "Authorization",
                bearer(SharedServer.ADMIN_TOKEN)).status()).isEqualTo(200);
        ApiClient.Reply asApiKey = api.get("/api/v1/admin/users?email=a@b.example", "X-API-Key", SharedServer.ADMIN_TOKEN);
        assertProblem(asApiKey, 401, "unauthorized");
        assertThat(asApiKey.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"whitemagic\"");
    }

    @Test
    void wrongAdminTokens_fromOneAddress_areThrottled_withRetryAfter() throws Exception {
        // From an address of its own, so that the other tests' failures from 127.0.0.1 neither count nor get refused.
        RawHttp guesser = new RawHttp(SharedServer.baseUrl().getPort(), InetAddress.getByName("127.0.0.8"));
        int limit = SharedServer.FAILED_ATTEMPTS_PER_MINUTE;
        for (int i = 0; i < limit; i++) {
            RawHttp.Reply reply = guesser.send("GET", "/api/v1/admin/users?email=a@b.example", null,
                    "Authorization", "Bearer guess-" + i);
            assertThat(reply.status()).as("guess %d", i + 1).isEqualTo(401);
        }
        RawHttp.Reply throttled = guesser.send("GET", "/api/v1/admin/users?email=a@b.example", null,
                "Authorization", "Bearer guess-last");
        assertProblem(throttled, 429, "rate_limited");
        assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 60);
        // Throttled means refused before the token is looked at, also the right one, from that address alone.
        assertProblem(guesser.send("GET", "/api/v1/admin/users?email=a@b.example", null,
                "Authorization", bearer(SharedServer.ADMIN_TOKEN)), 429, "rate_limited");
        assertThat(api.get("/api/v1/admin/users?email=a@b.example", "Authorization",
                bearer(SharedServer.ADMIN_TOKEN)).status()).isEqualTo(200);
    }
}
