package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static dev.whitemagic.dist.http.TestAccounts.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.http.TestAccounts.Account;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Non-canonical request paths (matrix parameters, encoded slashes and dots, dot segments, empty segments) are refused
 * before routing with one problem-details 400, on every route the service publishes and on the paths outside the
 * API, whatever credential comes along: none of them reaches a resource, with or without the authentication
 * mechanism.
 */
class PathVariantsIT {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    /** Paths that /openapi does not list but the server answers. */
    private static final List<String> UNLISTED = List.of("/health", "/health/live", "/health/ready", "/metrics",
            "/openapi", "/nosuch", "/api/v1/nosuch");

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    @Test
    void everyRoute_inEveryNonCanonicalForm_isRefusedBeforeRouting_withOneProblem() throws Exception {
        Account account = TestAccounts.create(api, "pro");
        String memoryId = api.sendJson("POST", "/api/v1/memories", account.key(),
                "{\"title\":\"walked\",\"content\":\"stays as it is\"}").json().getString("id");
        String walkEmail = "walk-" + UUID.randomUUID() + "@example.com";
        // A body that every writing route would act on, had a variant reached it.
        String body = "{\"title\":\"changed\",\"content\":\"changed\",\"name\":\"walk\",\"email\":\"" + walkEmail
                + "\",\"plan_tier\":\"enterprise\",\"dry_run\":false,\"min_age_days\":0,\"query\":\"walked\"}";
        Map<String, List<String>> routes = routes(account, memoryId);
        assertThat(routes).as("routes from /openapi").hasSizeGreaterThanOrEqualTo(19 + UNLISTED.size());
        List<String[]> credentials = List.of(new String[0],
                new String[]{"Authorization", bearer(account.key())},
                new String[]{"X-API-Key", account.key()},
                new String[]{"Authorization", bearer(SharedServer.ADMIN_TOKEN)});
        RawHttp raw = new RawHttp(SharedServer.baseUrl().getPort(), InetAddress.getLoopbackAddress());

        int sent = 0;
        for (Map.Entry<String, List<String>> route : routes.entrySet()) {
            for (String variant : variants(route.getKey())) {
                for (String method : route.getValue()) {
                    for (String[] credential : credentials) {
                        List<String> headers = new ArrayList<>(List.of(credential));
                        boolean hasBody = !method.equals("GET") && !method.equals("DELETE");
                        if (hasBody) {
                            headers.addAll(List.of("Content-Type", "application/json"));
                        }
                        RawHttp.Reply reply = raw.send(method, variant, hasBody ? body : null,
                                headers.toArray(String[]::new));
                        String request = method + " " + variant + " with " + List.of(credential);
                        if (reply.header("X-Request-ID") == null) {
                            // Answered by Payara's HTTP layer before any application code runs: an encoded
                            // backslash is a bare 400, and its URI decoder fails on some paths that end in "/." or
                            // "/.." (an empty answer). Either way no route was reached.
                            assertThat(variant).as(request).matches(".*%5C.*|.*/\\.{1,2}");
                            assertThat(reply.status()).as(request).isIn(200, 400);
                            assertThat(reply.body()).as(request).isEmpty();
                            sent++;
                            continue;
                        }
                        JsonObject problem;
                        try {
                            problem = assertProblem(reply, 400, "validation_failed");
                        } catch (AssertionError e) {
                            throw new AssertionError(request, e);
                        }
                        assertThat(problem.getString("instance")).as(request).isEqualTo(variant);
                        assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("path");
                        assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
                        sent++;
                    }
                }
            }
        }
        assertThat(sent).isGreaterThan(1000);

        // Nothing any route would have done happened.
        JsonArray memories = api.get("/api/v1/memories?status=all", "Authorization", bearer(account.key()))
                .json().getJsonArray("items");
        assertThat(memories).hasSize(1);
        assertThat(memories.getJsonObject(0).getString("title")).isEqualTo("walked");
        assertThat(memories.getJsonObject(0).getString("status")).isEqualTo("active");
        JsonArray keys = api.get("/api/v1/keys?include_inactive=true", "Authorization", bearer(account.key()))
                .json().getJsonArray("items");
        assertThat(keys).hasSize(1);
        assertThat(keys.getJsonObject(0).getBoolean("is_active")).isTrue();
        assertThat(keys.getJsonObject(0).isNull("expires_at")).isTrue();
        ApiClient.Reply me = api.get("/api/v1/me", "Authorization", bearer(account.key()));
        assertThat(me.json().getJsonObject("user").getString("plan_tier")).isEqualTo("pro");
        assertThat(api.get("/api/v1/admin/users?email=" + walkEmail, "Authorization", bearer(SharedServer.ADMIN_TOKEN))
                .json().getJsonArray("items")).isEmpty();
    }

    @Test
    void aTrailingSlash_isAuthenticatedExactlyLikeTheCanonicalPath() {
        Account account = TestAccounts.create(api);
        ApiClient.Reply missing = api.get("/api/v1/me/");
        assertProblem(missing, 401, "unauthorized");
        assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"whitemagic\"");
        assertProblem(api.get("/api/v1/me/", "Authorization", "Bearer wm_prod_nosuchkey"), 401, "invalid_api_key");
        assertThat(api.get("/api/v1/me/", "Authorization", bearer(account.key())).json().getJsonObject("user")
                .getString("id")).isEqualTo(account.userId());
        assertProblem(api.get("/api/v1/admin/users/", "Authorization", bearer(account.key())), 401, "unauthorized");
    }

    @Test
    void aSessionIdInThePath_isCutOutByTheContainer_soTheRequestIsTheCanonicalOne() {
        // The servlet container removes ";jsessionid=…" before the application sees the path (URL session tracking),
        // so such a request is authenticated and routed exactly like the path without it.
        Account account = TestAccounts.create(api);
        RawHttp raw = new RawHttp(SharedServer.baseUrl().getPort(), InetAddress.getLoopbackAddress());
        for (String path : List.of("/api/v1/me", "/api/v1/keys/self", "/api/v1/memories", "/api/v1/admin/users")) {
            RawHttp.Reply anonymous = raw.send("GET", path + ";jsessionid=0", null);
            assertProblem(anonymous, 401, "unauthorized");
            assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"whitemagic\"");
        }
        RawHttp.Reply me = raw.send("GET", "/api/v1/me;jsessionid=0", null, "Authorization", bearer(account.key()));
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().getJsonObject("user").getString("id")).isEqualTo(account.userId());
        assertProblem(raw.send("GET", "/api/v1/admin/users;jsessionid=0", null, "Authorization",
                bearer(account.key())), 401, "unauthorized");
        // in the middle of the path, everything from it on is cut: what is left names no route
        assertProblem(raw.send("GET", "/api;jsessionid=0/v1/me", null, "Authorization", bearer(account.key())), 404,
                "not_found");
    }

    /** Every published route with its methods, the path parameters filled with the account's own ids. */
    private Map<String, List<String>> routes(Account account, String memoryId) {
        JsonObject paths = api.get("/openapi", "Accept", "application/json").json().getJsonObject("paths");
        Map<String, List<String>> routes = new LinkedHashMap<>();
        for (String template : paths.keySet()) {
            String path = template
                    .replace("/memories/{id}", "/memories/" + memoryId)
                    .replace("/keys/{id}", "/keys/" + account.keyId())
                    .replace("/users/{id}", "/users/" + account.userId());
            assertThat(path).as("a path parameter the walk does not know how to fill").doesNotContain("{");
            List<String> methods = paths.getJsonObject(template).keySet().stream().filter(METHODS::contains)
                    .map(method -> method.toUpperCase(Locale.ROOT)).toList();
            routes.put(path, methods);
        }
        UNLISTED.forEach(path -> routes.put(path, List.of("GET")));
        return routes;
    }

    /** The forms of a canonical path that name the same route to some reader but are not canonical. */
    static List<String> variants(String path) {
        int second = path.indexOf('/', 1);
        String first = second < 0 ? path : path.substring(0, second);
        String rest = second < 0 ? "" : path.substring(second);
        List<String> variants = new ArrayList<>(List.of(
                first + ";" + rest,
                first + ";x=y" + rest,
                path + ";x=y",
                "/" + path,
                rest.isEmpty() ? path + "//" : first + "/" + rest,
                first + "/." + rest,
                first + "/x/.." + rest,
                first + "/x/%2e%2e" + rest,
                first + "/%2E" + rest,
                rest.isEmpty() ? path + "%2F" : first + "%2F" + rest.substring(1),
                rest.isEmpty() ? path + "%2f" : first + "%2f" + rest.substring(1),
                first + "%3B" + rest,
                first + "%5C" + rest,
                path + "%25",
                path + "/.",
                path + "/.."));
        if (rest.indexOf('/', 1) > 0) {
            int third = second + rest.indexOf('/', 1);
            variants.add(path.substring(0, third) + ";a=b" + path.substring(third));
        }
        return variants;
    }
}
