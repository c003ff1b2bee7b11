package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static dev.whitemagic.dist.http.TestAccounts.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.http.TestAccounts.Account;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inputs that used to be answered 500, coerced into another type, or refused outside the problem-details contract:
 * each is now a 4xx problem naming what was wrong, and nothing is stored.
 */
class StrictInputIT {

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());
    private final RawHttp raw = new RawHttp(SharedServer.baseUrl().getPort(), InetAddress.getLoopbackAddress());

    private static String field(JsonObject problem) {
        return problem.getJsonArray("errors").getJsonObject(0).getString("field");
    }

    private int memoryCount(Account account) {
        return api.get("/api/v1/memories?limit=200&status=all", "Authorization", bearer(account.key())).json()
                .getJsonArray("items").size();
    }

    @Test
    void wrongJsonTypes_areRefusedNamingTheField_andStoreNothing() {
        Account account = TestAccounts.create(api);
        String[][] cases = {
                {"{\"title\":123,\"content\":\"c\"}", "title"},
                {"{\"title\":\"t\",\"content\":true}", "content"},
                {"{\"title\":\"t\",\"content\":\"c\",\"tags\":[1,null,true,2.5]}", "tags[0]"},
                {"{\"title\":\"t\",\"content\":\"c\",\"tags\":\"a\"}", "tags"},
                {"{\"title\":\"t\",\"content\":\"c\",\"type\":1}", "type"},
                {"{\"title\":\"a\",\"title\":\"b\",\"content\":\"c\"}", "title"},
                {"{\"title\":\"t\",\"content\":\"c\"}x", "body"},
                {"{\"title\":\"t\",\"content\":\"c\"}{}", "body"},
                {"[{\"title\":\"t\",\"content\":\"c\"}]", "body"},
                {"{\"title\":\"a\\u0000b\",\"content\":\"c\"}", "title"},
                {"{\"title\":\"t\",\"content\":\"\\ud800\"}", "content"},
                {"{\"title\":\"t\",\"content\":\"c\",\"tags\":[\"a\\u0000\"]}", "tags[0]"}};
        for (String[] refused : cases) {
            JsonObject problem = assertProblem(api.sendJson("POST", "/api/v1/memories", account.key(), refused[0]),
                    400, "validation_failed");
            assertThat(field(problem)).as(refused[0]).isEqualTo(refused[1]);
        }
        byte[] latin1 = "{\"title\":\"caf\u00e9\",\"content\":\"c\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(field(assertProblem(api.send("POST", "/api/v1/memories", HttpRequest.BodyPublishers.ofByteArray(latin1),
                "Authorization", bearer(account.key()), "Content-Type", "application/json"), 400, "validation_failed")))
                .isEqualTo("body");
        assertThat(memoryCount(account)).as("nothing stored").isZero();
    }

    @Test
    void flagsAndNumbers_takeOnlyTheirOwnType() {
        Account account = TestAccounts.create(api);
        String id = api.sendJson("POST", "/api/v1/memories", account.key(), "{\"title\":\"t\",\"content\":\"c\"}")
                .json().getString("id");
        String[][] cases = {
                {"/api/v1/consolidate", "{\"dry_run\":\"yes\"}", "dry_run"},
                {"/api/v1/consolidate", "{\"dry_run\":1}", "dry_run"},
                {"/api/v1/consolidate", "{\"min_age_days\":3000000}", "min_age_days"},
                {"/api/v1/consolidate", "{\"min_age_days\":2147483647}", "min_age_days"},
                {"/api/v1/consolidate", "{\"min_age_days\":2147483648}", "min_age_days"},
                {"/api/v1/consolidate", "{\"min_age_days\":7.0}", "min_age_days"},
                {"/api/v1/search", "{\"limit\":\"5\"}", "limit"},
                {"/api/v1/keys", "{\"name\":\"k\",\"expires_in_days\":1.9}", "expires_in_days"},
                {"/api/v1/context", "{\"tier\":1.9}", "tier"},
                {"/api/v1/context", "{\"tier\":9223372036854775808}", "tier"},
                {"/api/v1/keys/" + account.keyId() + "/rotate", "{\"grace_period_seconds\":9223372036854775808}",
                        "grace_period_seconds"}};
        for (String[] refused : cases) {
            JsonObject problem = assertProblem(api.sendJson("POST", refused[0], account.key(), refused[1]), 400,
                    "validation_failed");
            assertThat(field(problem)).as(refused[1]).isEqualTo(refused[2]);
        }
        assertThat(field(assertProblem(api.sendJson("DELETE", "/api/v1/memories/" + id + "?permanent=yes",
                account.key(), null), 400, "validation_failed"))).isEqualTo("permanent");
        assertThat(field(assertProblem(api.sendJson("GET", "/api/v1/keys?include_inactive=maybe", account.key(), null),
                400, "validation_failed"))).isEqualTo("include_inactive");
        assertThat(api.sendJson("GET", "/api/v1/memories/" + id, account.key(), null).json().getString("status"))
                .as("neither archived nor deleted").isEqualTo("active");
        assertThat(api.get("/api/v1/keys", "Authorization", bearer(account.key())).json().getJsonArray("items"))
                .as("the key was not rotated").hasSize(1);
    }

    @Test
    void lengthsCountCharacters_notUtf16Units() {
        Account account = TestAccounts.create(api);
        String emoji = "\uD83D\uDE00";

        assertThat(api.sendJson("POST", "/api/v1/memories", account.key(),
                "{\"title\":\"" + emoji.repeat(500) + "\",\"content\":\"c\"}").status()).isEqualTo(201);
        assertProblem(api.sendJson("POST", "/api/v1/memories", account.key(),
                "{\"title\":\"" + emoji.repeat(501) + "\",\"content\":\"c\"}"), 400, "validation_failed");
    }

    @Test
    void searchTextsPostgresCannotParse_andNulInParameters_are400_never500() {
        Account account = TestAccounts.create(api);
        String dashes = "-".repeat(40);
        assertThat(api.sendJson("POST", "/api/v1/search", account.key(), "{\"query\":\"" + dashes + " word\"}").status())
                .isEqualTo(200);
        assertThat(api.sendJson("POST", "/api/v1/context", account.key(), "{\"query\":\"" + "- ".repeat(40) + "x\"}")
                .status()).isEqualTo(200);
        assertThat(field(assertProblem(api.sendJson("POST", "/api/v1/search", account.key(),
                "{\"query\":\"" + "word ".repeat(250) + "\"}"), 400, "validation_failed"))).isEqualTo("query");
        assertThat(field(assertProblem(api.sendJson("GET", "/api/v1/search?q=" + "word+".repeat(250), account.key(),
                null), 400, "validation_failed"))).isEqualTo("q");
        for (String parameter : List.of("q=a%00b", "tag=a%00", "cursor=%00")) {
            assertProblem(api.sendJson("GET", "/api/v1/search?" + parameter, account.key(), null), 400,
                    "validation_failed");
        }
        assertProblem(api.get("/api/v1/admin/users?email=a%00@example.com", "Authorization",
                bearer(SharedServer.ADMIN_TOKEN)), 400, "validation_failed");
        assertThat(field(assertProblem(api.sendJson("POST", "/api/v1/keys", account.key(), "{\"name\":\"a\\u0000\"}"),
                400, "validation_failed"))).isEqualTo("name");
    }

    @Test
    void emailsWithInvisibleCharacters_areRefused() {
        for (String email : List.of("a\\u202e@example.com", "\\ufeffa@example.com", "a\\u0007@example.com",
                "a\\u200d@example.com", "a\\ufdd0@example.com", "a\\u00a0b@example.com")) {
            assertProblem(api.send("POST", "/api/v1/admin/users", HttpRequest.BodyPublishers.ofString(
                    "{\"email\":\"" + email + "\"}"), "Authorization", bearer(SharedServer.ADMIN_TOKEN),
                    "Content-Type", "application/json"), 400, "validation_failed");
        }
    }

    @Test
    void aCursorTheServerDidNotIssue_is400() {
        Account account = TestAccounts.create(api);
        for (int i = 0; i < 3; i++) {
            api.sendJson("POST", "/api/v1/memories", account.key(), "{\"title\":\"t" + i + "\",\"content\":\"c\"}");
        }
        String next = api.sendJson("GET", "/api/v1/memories?limit=1", account.key(), null).json().getString("next_cursor");
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("s1|f|999999999".getBytes(StandardCharsets.UTF_8));

        assertThat(api.sendJson("GET", "/api/v1/memories?limit=1&cursor=" + next, account.key(), null).status())
                .isEqualTo(200);
        Account other = TestAccounts.create(api);
        for (String[] refused : List.of(new String[] {account.key(), "/api/v1/search?q=t&cursor=" + forged},
                new String[] {account.key(), "/api/v1/memories?cursor=AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
                new String[] {account.key(), "/api/v1/search?cursor=" + next},
                new String[] {other.key(), "/api/v1/memories?limit=1&cursor=" + next})) {
            JsonObject problem = assertProblem(api.sendJson("GET", refused[1], refused[0], null), 400,
                    "validation_failed");
            assertThat(field(problem)).isEqualTo("cursor");
        }
    }

    @Test
    void methodsNoRouteAnswers_are405ProblemsAtOnce() throws IOException {
        Account account = TestAccounts.create(api);
        for (String method : List.of("FOO", "PROPFIND", "TRACK", "TRACE")) {
            RawHttp.Reply reply = raw.send(method, "/api/v1/memories", null, "Authorization", bearer(account.key()));
            assertProblem(reply, 405, "method_not_allowed");
            assertThat(reply.header("Allow")).as(method).contains("GET", "POST");
        }
        // A CONNECT is answered at once; the server may keep the connection open after that, so the answer is read
        // by its length rather than to the end of the stream.
        long started = System.nanoTime();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), SharedServer.baseUrl().getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("CONNECT /api/v1/memories HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + bearer(account.key()) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            assertThat(head).isEqualTo("HTTP/1.1 405");
        }
        assertThat((System.nanoTime() - started) / 1_000_000).as("CONNECT answered at once").isLessThan(5_000);
        RawHttp.Reply patchHealth = raw.send("PATCH", "/health", "{}", "Content-Type", "application/json");
        assertProblem(patchHealth, 405, "method_not_allowed");
        assertThat(patchHealth.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
    }

    @Test
    void mediaTypes_areCaseInsensitive_andANonTypeIs415() {
        Account account = TestAccounts.create(api);
        String body = "{\"title\":\"t\",\"content\":\"c\"}";

        assertThat(api.send("POST", "/api/v1/memories", HttpRequest.BodyPublishers.ofString(body), "Authorization",
                bearer(account.key()), "Content-Type", "APPLICATION/JSON").status()).isEqualTo(201);
        for (String type : List.of("json", "text/plain", "application/xml")) {
            assertProblem(api.send("POST", "/api/v1/memories", HttpRequest.BodyPublishers.ofString(body),
                    "Authorization", bearer(account.key()), "Content-Type", type), 415, "unsupported_media_type");
        }
    }

    @Test
    void oversizedTargetsAndHeaders_andControlCharacters_areProblems() {
        assertProblem(raw.send("GET", "/api/v1/version?x=" + "a".repeat(9_000), null), 414, "uri_too_long");
        assertProblem(raw.send("GET", "/api/v1/search?q=" + URLEncoder.encode("word ".repeat(4_000),
                StandardCharsets.UTF_8), null), 414, "uri_too_long");
        assertProblem(raw.send("GET", "/api/v1/version", null, "X-Big", "a".repeat(17_000)), 431, "headers_too_large");
        assertProblem(raw.send("GET", "/api/v1/version", null, "X-Name", "a\u0001b"), 400, "validation_failed");
        assertThat(raw.send("GET", "/api/v1/version", null, "X-Name", "caf\u00e9").status())
                .as("a byte above 0x7F in a header is text").isEqualTo(200);
    }
}
