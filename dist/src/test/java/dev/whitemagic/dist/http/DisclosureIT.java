package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static dev.whitemagic.dist.http.TestAccounts.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.http.TestAccounts.Account;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the server tells a stranger about itself: no route listing beyond /openapi, no server name or release. */
class DisclosureIT {

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());
    private final RawHttp raw = new RawHttp(SharedServer.baseUrl().getPort(), InetAddress.getLoopbackAddress());

    @Test
    void thereIsNoWadl() {
        for (String path : List.of("/application.wadl", "/application.wadl?detail=true", "/api/v1/application.wadl")) {
            ApiClient.Reply reply = api.get(path);
            assertThat(reply.status()).as(path).isIn(401, 404);
            assertThat(reply.header("Content-Type")).as(path).startsWith("application/problem+json");
            assertThat(reply.body()).doesNotContain("wadl.dev.java.net").doesNotContain("/api/v1/admin");
        }
    }

    @Test
    void options_is204WithTheAllowedMethods_withoutAKey_andListsNoRoutes() {
        Account account = TestAccounts.create(api);
        List<RawHttp.Reply> replies = List.of(
                raw.send("OPTIONS", "/api/v1/version", null),
                raw.send("OPTIONS", "/webhooks/whop", null),
                raw.send("OPTIONS", "/api/v1/memories", null),
                raw.send("OPTIONS", "/api/v1/memories/" + java.util.UUID.randomUUID(), null),
                raw.send("OPTIONS", "/api/v1/memories", null, "Authorization", bearer(account.key())),
                raw.send("OPTIONS", "/api/v1/admin/users", null, "Authorization", bearer(SharedServer.ADMIN_TOKEN)));
        for (RawHttp.Reply reply : replies) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(204);
            assertThat(reply.header("Allow")).as(reply.toString()).contains("OPTIONS");
            assertThat(reply.header("Content-Type")).as(reply.toString()).isNull();
            assertThat(reply.body()).as(reply.toString()).isEmpty();
        }
        assertThat(replies.get(3).header("Allow")).contains("GET", "PATCH", "DELETE");
        // Answered without touching the caller's allowance: no rate-limit fields without a key.
        assertThat(replies.get(2).header("RateLimit")).isNull();
        // The admin API still needs its token, for every method.
        assertProblem(raw.send("OPTIONS", "/api/v1/admin/users", null), 401, "unauthorized");
    }

    @Test
    void noAnswerNamesTheServer() {
        Account account = TestAccounts.create(api);
        List<RawHttp.Reply> replies = List.of(
                raw.send("GET", "/api/v1/version", null),
                raw.send("GET", "/api/v1/me", null),
                raw.send("GET", "/api/v1/me", null, "Authorization", bearer(account.key())),
                raw.send("GET", "/api/v1/admin/users", null),
                raw.send("GET", "/nosuch", null),
                raw.send("GET", "/api;/v1/me", null),
                raw.send("POST", "/webhooks/whop", "{}", "Content-Type", "application/json"),
                raw.send("GET", "/health/ready", null),
                raw.send("GET", "/metrics", null),
                raw.send("GET", "/openapi", null));
        for (RawHttp.Reply reply : replies) {
            assertThat(reply.header("Server")).as(reply.statusLine() + " " + reply.headers()).isNull();
            assertThat(reply.header("X-Powered-By")).as(reply.statusLine()).isNull();
        }
    }
}
