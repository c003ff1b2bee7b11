package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.TestAccounts.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.http.TestAccounts.Account;
import java.net.http.HttpRequest;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Browser pages of the configured origins ({@code https://app.example.test} and {@code http://localhost:3000} on the
 * shared server) call the API across origins; pages of any other origin, and the admin API, get no CORS answer.
 */
class CorsIT {

    private static final String ORIGIN = "https://app.example.test";

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private ApiClient.Reply preflight(String path, String origin, String method) {
        return api.send("OPTIONS", path, HttpRequest.BodyPublishers.noBody(), "Origin", origin,
                "Access-Control-Request-Method", method,
                "Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
    }

    @Test
    void aPreflightFromAnAllowedOrigin_is204WithoutAKey_andAllowsTheApisMethodsAndHeaders() {
        for (String origin : List.of(ORIGIN, "http://localhost:3000")) {
            ApiClient.Reply reply = preflight("/api/v1/memories", origin, "POST");

            assertThat(reply.status()).as(origin).isEqualTo(204);
            assertThat(reply.body()).isEmpty();
            assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo(origin);
            assertThat(reply.header("Access-Control-Allow-Methods")).contains("GET", "POST", "PATCH", "DELETE");
            assertThat(reply.header("Access-Control-Allow-Headers"))
                    .contains("Authorization", "X-API-Key", "Content-Type", "Idempotency-Key", "If-Match");
            assertThat(Long.parseLong(reply.header("Access-Control-Max-Age"))).isPositive();
            assertThat(reply.headers("Vary")).anyMatch(value -> value.contains("Origin"));
        }
        ApiClient.Reply onAMemory = preflight("/api/v1/memories/" + UUID.randomUUID(), ORIGIN, "PATCH");
        assertThat(onAMemory.status()).isEqualTo(204);
        assertThat(onAMemory.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
    }

    @Test
    void aCallFromAnAllowedOrigin_mayReadItsAnswer_andTheHeadersClientsNeed() {
        Account account = TestAccounts.create(api);
        ApiClient.Reply created = api.sendJson("POST", "/api/v1/memories", account.key(),
                "{\"title\":\"from a page\",\"content\":\"cross-origin\"}", "Origin", ORIGIN);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
        assertThat(created.header("Access-Control-Expose-Headers"))
                .contains("ETag", "Location", "RateLimit", "RateLimit-Policy", "Retry-After", "X-Request-ID");
        assertThat(created.headers("Vary")).anyMatch(value -> value.contains("Origin"));
    }

    @Test
    void aRefusalBeforeRouting_isReadableByTheAllowedPageToo() {
        ApiClient.Reply refused = api.get("/api/v1/memories", "Origin", ORIGIN);

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
        assertThat(refused.header("Access-Control-Expose-Headers")).contains("WWW-Authenticate");
    }

    @Test
    void anotherOrigin_getsNoCorsAnswer_soItsBrowserRefuses() {
        Account account = TestAccounts.create(api);
        ApiClient.Reply preflight = preflight("/api/v1/memories", "https://evil.example", "POST");
        ApiClient.Reply call = api.get("/api/v1/memories", "Origin", "https://evil.example",
                "Authorization", bearer(account.key()));
        ApiClient.Reply lookalike = preflight("/api/v1/memories", ORIGIN + ".evil.example", "POST");

        for (ApiClient.Reply reply : List.of(preflight, call, lookalike)) {
            assertThat(reply.header("Access-Control-Allow-Origin")).as(reply.toString()).isNull();
            assertThat(reply.header("Access-Control-Allow-Methods")).as(reply.toString()).isNull();
        }
        assertThat(call.status()).isEqualTo(200);
    }

    @Test
    void theAdminApi_takesNoPartInCors() {
        ApiClient.Reply preflight = preflight("/api/v1/admin/users", ORIGIN, "POST");
        ApiClient.Reply call = api.get("/api/v1/admin/users?email=nobody@example.com", "Origin", ORIGIN,
                "Authorization", bearer(SharedServer.ADMIN_TOKEN));

        assertThat(preflight.status()).isEqualTo(401);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(call.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void preflights_countAgainstNoLimit() throws InterruptedException {
        while (LocalTime.now(ZoneOffset.UTC).getSecond() >= 55) {
            Thread.sleep(500); // all in one minute window
        }
        Account account = TestAccounts.create(api, "starter");
        String before = api.get("/api/v1/keys/self", "Authorization", bearer(account.key()))
                .header("X-RateLimit-Remaining");
        for (int i = 0; i < 10; i++) {
            assertThat(preflight("/api/v1/keys/self", ORIGIN, "GET").status()).isEqualTo(204);
        }
        String after = api.get("/api/v1/keys/self", "Authorization", bearer(account.key()))
                .header("X-RateLimit-Remaining");

        assertThat(Integer.parseInt(after)).isEqualTo(Integer.parseInt(before) - 1);
    }
}
