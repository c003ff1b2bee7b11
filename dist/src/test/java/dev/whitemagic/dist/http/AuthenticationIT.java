package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static dev.whitemagic.dist.http.TestAccounts.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.auth.key.ApiKeyFormat;
import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.http.TestAccounts.Account;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthenticationIT {

    private static final List<String> RAW_KEYS_SEEN = new ArrayList<>();

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private Account account() {
        Account account = TestAccounts.create(api);
        RAW_KEYS_SEEN.add(account.key());
        return account;
    }

    /** A key of the right shape and checksum that no one was ever given. */
    private static String unknownButWellFormedKey() {
        String body = "wm_test_" + "Q".repeat(20) + Long.toString(System.nanoTime(), 36).toUpperCase()
                .replaceAll("[^A-Z0-9]", "A");
        body = body.substring(0, "wm_test_".length() + 26);
        return body + ApiKeyFormat.checksum(body);
    }

    private static void assertChallenge(ApiClient.Reply reply) {
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"whitemagic\"");
    }

    @Test
    void bearerHeader_authenticates() {
        Account account = account();
        ApiClient.Reply reply = api.get("/api/v1/keys/self", "Authorization", bearer(account.key()));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonObject self = reply.json();
        assertThat(self.getString("id")).isEqualTo(account.keyId());
        assertThat(self.getString("user_id")).isEqualTo(account.userId());
        assertThat(self.getString("plan_tier")).isEqualTo("free");
        assertThat(self.getJsonArray("scopes")).hasSize(4);
        assertThat(reply.body()).doesNotContain(account.key()).doesNotContain("hash");
    }

    @Test
    void apiKeyHeader_authenticates() {
        Account account = account();
        ApiClient.Reply reply = api.get("/api/v1/keys/self", "X-API-Key", account.key());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.header("X-Request-ID")).isNotBlank();
    }

    @Test
    void missingKey_isUnauthorized_withChallenge() {
        ApiClient.Reply reply = api.get("/api/v1/keys/self", "X-Request-ID", "auth-missing-1");
        assertProblem(reply, 401, "unauthorized");
        assertChallenge(reply);
        assertThat(reply.header("X-Request-ID")).isEqualTo("auth-missing-1");
        assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod_abc", "wm_abc", "api_prod_abcdefghijklmnopqrstuvwxyz012345",
            "wm_prod_abcdefghijklmnopqrstuvwxyz01234", "wm_live_abcdefghijklmnopqrstuvwxyz012345",
            "wm_prod_abcdefghijklmnopqrstuvwxyz01234!"})
    void malformedKey_isInvalidApiKey(String key) {
        ApiClient.Reply reply = api.get("/api/v1/keys/self", "Authorization", bearer(key));
        assertProblem(reply, 401, "invalid_api_key");
        assertChallenge(reply);
    }

    @Test
    void everyInvalidKey_isAnsweredAlike() {
        Account account = account();
        String wrongChecksum = account.key().substring(0, account.key().length() - 1)
                + (account.key().endsWith("0") ? "1" : "0");
        List<String> details = new ArrayList<>();
        for (String key : List.of("wm_abc", wrongChecksum, unknownButWellFormedKey())) {
            ApiClient.Reply reply = api.get("/api/v1/keys/self", "Authorization", bearer(key));
            JsonObject body = assertProblem(reply, 401, "invalid_api_key");
            assertChallenge(reply);
            details.add(body.getString("detail") + "|" + body.getString("title"));
        }
        assertThat(details).containsOnly(details.get(0));
    }

    @Test
    void use_keepsLastUsedAtAndLastSeenAtCurrent_withoutWritingOnTheRequestPath() throws InterruptedException {
        Account account = account();
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        assertThat(api.get("/api/v1/keys/self", "Authorization", bearer(account.key())).status()).isEqualTo(200);

        JsonObject key = null;
        JsonObject user = null;
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            key = api.get("/api/v1/keys", "Authorization", bearer(account.key())).json()
                    .getJsonArray("items").getJsonObject(0);
            user = api.get("/api/v1/me", "Authorization", bearer(account.key())).json().getJsonObject("user");
            if (!key.isNull("last_used_at") && !user.isNull("last_seen_at")) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(key.isNull("last_used_at")).as("last_used_at written by the periodic flush").isFalse();
        assertThat(java.time.Instant.parse(key.getString("last_used_at"))).isAfter(before);
        assertThat(user.isNull("last_seen_at")).as("last_seen_at written by the periodic flush").isFalse();
        assertThat(java.time.Instant.parse(user.getString("last_seen_at"))).isAfter(before);
    }

    @Test
    void otherAuthorizationScheme_isInvalidApiKey() {
        ApiClient.Reply reply = api.get("/api/v1/keys/self", "Authorization", "Basic dXNlcjpwYXNz");
        assertProblem(reply, 401, "invalid_api_key");
    }

    @Test
    void revokingTheKeyInUse_stopsItOnTheNextRequest() {
        Account account = account();
        ApiClient.Reply revoke = api.send("DELETE", "/api/v1/keys/" + account.keyId(),
                java.net.http.HttpRequest.BodyPublishers.noBody(), "Authorization", bearer(account.key()));
        assertThat(revoke.status()).as(revoke.toString()).isEqualTo(204);

        assertProblem(api.get("/api/v1/keys/self", "Authorization", bearer(account.key())), 401, "invalid_api_key");
    }

    @Test
    void unknownRouteUnderTheApi_needsAKeyFirst_thenIsNotFound() {
        Account account = account();
        assertProblem(api.get("/api/v1/nosuch"), 401, "unauthorized");
        assertProblem(api.get("/api/v1/nosuch", "Authorization", bearer(account.key())), 404, "not_found");
    }

    @Test
    void repeatedFailures_fromOneAddress_areThrottled_withRetryAfter() throws IOException {
        // From an address of its own, so that the other tests' deliberate failures from 127.0.0.1 neither count nor
        // get refused here.
        RawHttp guesser = new RawHttp(SharedServer.baseUrl().getPort(), InetAddress.getByName("127.0.0.7"));
        int limit = SharedServer.FAILED_ATTEMPTS_PER_MINUTE;
        for (int i = 0; i < limit; i++) {
            RawHttp.Reply reply = guesser.send("GET", "/api/v1/keys/self", null, "X-API-Key", "wm_abc");
            assertThat(reply.status()).as("attempt %d", i + 1).isEqualTo(401);
        }
        RawHttp.Reply refused = guesser.send("GET", "/api/v1/keys/self", null, "X-API-Key", "wm_abc");
        assertProblem(refused, 429, "rate_limited");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
        // The other address is unaffected.
        assertProblem(api.get("/api/v1/keys/self", "X-API-Key", "wm_abc"), 401, "invalid_api_key");
    }

    @AfterAll
    static void rawKeys_neverReachTheServerLog() throws IOException {
        String log = SharedServer.server().log();
        for (String key : RAW_KEYS_SEEN) {
            assertThat(log).doesNotContain(key);
        }
    }
}
