package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.TestAccounts.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.http.TestAccounts.Account;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A deterministic fuzz run against the packaged server: for every endpoint, generated malformed bodies (wrong types,
 * NUL, lone surrogates, duplicate keys, trailing bytes, deep nesting, bytes that are not UTF-8, huge numbers),
 * parameters, path ids and headers — {@value #REQUESTS} requests from a fixed seed. Every answer must be below 500;
 * every error must be problem details with a known {@code code} and an {@code X-Request-ID}; no answer may carry
 * another tenant's data, SQL, or a Java class name; the log gains no failure; and nothing a refused request asked
 * for is stored.
 */
class FuzzIT {

    static final int REQUESTS = 2_400;
    static final long SEED = 20_261_206L;

    private static final Set<String> CODES = Set.of("unauthorized", "invalid_api_key", "forbidden",
            "insufficient_scope", "not_found", "method_not_allowed", "not_acceptable", "validation_failed", "conflict",
            "precondition_failed", "rate_limited", "quota_exceeded", "payload_too_large", "uri_too_long",
            "headers_too_large", "unsupported_media_type");

    private static final List<String> LEAKS = List.of("org.hibernate", "java.lang", "jakarta.", "org.postgresql",
            "SELECT ", "INSERT ", "UPDATE ", "Exception", "\tat ", "PSQL", "dev.whitemagic");

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());
    private final Random random = new Random(SEED);

    /** One endpoint: method, path (with {id} for an id), and the fields its body takes, with a valid value each. */
    private record Endpoint(String method, String path, Map<String, String> fields) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/api/v1/memories", fields("title", "\"t\"", "content", "\"c\"", "type", "\"long_term\"",
                    "tags", "[\"a\"]")),
            new Endpoint("GET", "/api/v1/memories", Map.of()),
            new Endpoint("GET", "/api/v1/memories/{id}", Map.of()),
            new Endpoint("PATCH", "/api/v1/memories/{id}", fields("title", "\"t\"", "content", "\"c\"", "tags", "[\"a\"]",
                    "add_tags", "[\"b\"]", "remove_tags", "[\"a\"]", "type", "\"short_term\"")),
            new Endpoint("PUT", "/api/v1/memories/{id}", fields("title", "\"t\"")),
            new Endpoint("DELETE", "/api/v1/memories/{id}", Map.of()),
            new Endpoint("POST", "/api/v1/memories/{id}/restore", Map.of()),
            new Endpoint("POST", "/api/v1/search", fields("query", "\"t\"", "tags", "[\"a\"]", "type", "\"short_term\"",
                    "include_archived", "false", "limit", "5", "cursor", "null")),
            new Endpoint("GET", "/api/v1/search", Map.of()),
            new Endpoint("POST", "/api/v1/context", fields("tier", "1", "query", "\"t\"", "tags", "[\"a\"]")),
            new Endpoint("POST", "/api/v1/consolidate", fields("dry_run", "true", "min_age_days", "7")),
            new Endpoint("GET", "/api/v1/tags", Map.of()),
            new Endpoint("GET", "/api/v1/stats", Map.of()),
            new Endpoint("GET", "/api/v1/me", Map.of()),
            new Endpoint("GET", "/api/v1/usage", Map.of()),
            new Endpoint("GET", "/api/v1/keys", Map.of()),
            new Endpoint("GET", "/api/v1/keys/self", Map.of()),
            new Endpoint("POST", "/api/v1/keys", fields("name", "\"k\"", "scopes", "[\"memories:read\"]",
                    "expires_in_days", "1", "environment", "\"test\"")));

    private static Map<String, String> fields(String... pairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put(pairs[i], pairs[i + 1]);
        }
        return fields;
    }

    /** Values of the wrong type or shape for any field. */
    private final List<Supplier<String>> badValues = List.of(
            () -> "123", () -> "-1", () -> "1.9", () -> "1e3", () -> "9223372036854775808", () -> "1e999999",
            () -> "true", () -> "false", () -> "null", () -> "\"\"", () -> "\"   \"", () -> "\"yes\"", () -> "\"5\"",
            () -> "[]", () -> "[1,null,true,2.5]", () -> "{}", () -> "{\"a\":1}", () -> "\"a\\u0000b\"",
            () -> "\"\\ud800\"", () -> "\"\\udc00x\"", () -> "\"" + "x".repeat(random.nextInt(2_000) + 500) + "\"",
            () -> "\"" + "\\ud83d\\ude00".repeat(600) + "\"", () -> "\"" + "-".repeat(40) + "\"",
            () -> "\"" + "word ".repeat(300) + "\"", () -> "[" + "\"t\",".repeat(60) + "\"t\"]",
            () -> "[\"\\u0000\"]", () -> "\"\\u202e@x.y\"", () -> "\"2027-13-45T99:00:00Z\"",
            () -> "[".repeat(40) + "]".repeat(40));

    private String body(Endpoint endpoint) {
        List<String> names = new ArrayList<>(endpoint.fields().keySet());
        StringBuilder json = new StringBuilder("{");
        for (String name : names) {
            if (random.nextInt(4) == 0) {
                continue;
            }
            String value = random.nextInt(3) == 0 ? badValues.get(random.nextInt(badValues.size())).get()
                    : endpoint.fields().get(name);
            json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":").append(value);
        }
        if (random.nextInt(8) == 0 && !names.isEmpty()) {
            json.append(json.length() > 1 ? "," : "").append('"').append(names.get(0)).append("\":\"again\"");
        }
        json.append('}');
        return switch (random.nextInt(12)) {
            case 0 -> json + "x";
            case 1 -> json + "{}";
            case 2 -> "[" + json + "]";
            case 3 -> json.substring(0, Math.max(1, json.length() / 2));
            case 4 -> "";
            case 5 -> "\uFEFF" + json;
            default -> json.toString();
        };
    }

    private String parameters() {
        String[][] choices = {
                {"limit", "0", "-1", "201", "abc", "1.5", "99999999999", "%00", "50"},
                {"cursor", "abc", "%00", "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "czF8Znw5OTk5OTk5OTk", "a.b", "..", ""},
                {"type", "long_term", "LONG", "%00", "short_term", "x"},
                {"status", "all", "archived", "deleted", "%00", "ACTIVE"},
                {"tag", "a", "%00", "%ED%A0%80", "x".repeat(100), ""},
                {"q", "t", "-".repeat(40), "%00", "%22unterminated", "word+".repeat(300), "a%20or%20b"},
                {"include_archived", "true", "yes", "1", "", "false"},
                {"include_inactive", "maybe", "true", "TRUE"},
                {"permanent", "yes", "true", "false", "0"},
                {"from", "2026-13-01", "yesterday", "2026-01-01"},
                {"to", "2026-02-30", "%00", "2026-12-31"}};
        StringBuilder query = new StringBuilder();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            String[] choice = choices[random.nextInt(choices.length)];
            query.append(query.length() == 0 ? "?" : "&").append(choice[0]).append('=')
                    .append(choice[1 + random.nextInt(choice.length - 1)]);
        }
        return query.toString();
    }

    private String id(String own, String others) {
        return switch (random.nextInt(8)) {
            case 0 -> others;
            case 1 -> UUID.randomUUID().toString();
            case 2 -> "not-a-uuid";
            // %00 in a path is refused by Payara's URI decoder before the application (a bare 400, documented).
            case 3 -> "%2e%2e";
            case 4 -> own.toUpperCase();
            case 5 -> own + "x";
            default -> own;
        };
    }

    private String[] headers(String key) {
        List<String> headers = new ArrayList<>(List.of("Authorization", bearer(key)));
        String[][] choices = {
                {"Content-Type", "application/json", "APPLICATION/JSON", "json", "text/plain", "application/json; charset=latin1",
                        "application/xml", "*/*"},
                {"Accept", "application/json", "text/html", "application/problem+json", "*/*", "application/xml"},
                {"If-Match", "\"x\"", "*", "garbage", "W/\"x\"", ",,"},
                {"If-None-Match", "\"x\"", "*", "garbage", "W/"},
                {"If-Modified-Since", "yesterday", "Sun, 06 Nov 1994 08:49:37 GMT", "x"},
                {"Idempotency-Key", "k", "x".repeat(300), "\u00e9t\u00e9"},
                {"X-Request-ID", "x".repeat(300), "two words", "ok-1"}};
        int count = random.nextInt(3);
        boolean typed = false;
        for (int i = 0; i < count; i++) {
            String[] choice = choices[random.nextInt(choices.length)];
            if (choice[0].equals("Content-Type")) {
                typed = true;
            }
            headers.add(choice[0]);
            headers.add(choice[1 + random.nextInt(choice.length - 1)]);
        }
        if (!typed) {
            headers.addAll(List.of("Content-Type", "application/json"));
        }
        return headers.toArray(String[]::new);
    }

    private byte[] bytes(String body) {
        byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 4 && random.nextInt(20) == 0) {
            utf8[random.nextInt(utf8.length)] = (byte) (0x80 | random.nextInt(0x40)); // not UTF-8 any more
        }
        return utf8;
    }

    @Test
    void malformedRequestsToEveryEndpoint_getA4xxProblemOrAnAnswer_neverA5xx_andLeakAndStoreNothing() {
        Account account = TestAccounts.create(api, "enterprise");
        Account other = TestAccounts.create(api, "enterprise");
        String secret = "tenant-b-secret-" + UUID.randomUUID();
        ApiClient.Reply theirs = api.sendJson("POST", "/api/v1/memories", other.key(),
                "{\"title\":\"" + secret + "\",\"content\":\"" + secret + "\"}");
        String othersId = theirs.json().getString("id");
        String othersEtag = api.sendJson("GET", "/api/v1/memories/" + othersId, other.key(), null).header("ETag");
        String own = api.sendJson("POST", "/api/v1/memories", account.key(), "{\"title\":\"mine\",\"content\":\"c\"}")
                .json().getString("id");
        int logBefore = SharedServer.server().serverLog().length();

        int created = 0;
        int deletedForGood = 0;
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            Endpoint endpoint = ENDPOINTS.get(random.nextInt(ENDPOINTS.size()));
            String query = parameters();
            String path = endpoint.path().replace("{id}", id(own, othersId)) + query;
            boolean withBody = !endpoint.fields().isEmpty() || random.nextInt(10) == 0;
            String body = withBody ? body(endpoint) : null;
            ApiClient.Reply reply = api.send(endpoint.method(), path, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(bytes(body)), headers(account.key()));
            String request = endpoint.method() + " " + path + " " + body;
            statuses.merge(reply.status(), 1, Integer::sum);

            assertThat(reply.status()).as(request + " -> " + reply.body()).isLessThan(500);
            assertThat(reply.header("X-Request-ID")).as(request).isNotBlank();
            assertThat(reply.body()).as(request).doesNotContain(secret);
            for (String leak : LEAKS) {
                assertThat(reply.body()).as(request).doesNotContain(leak);
            }
            if (reply.status() >= 400) {
                assertThat(reply.header("Content-Type")).as(request).startsWith("application/problem+json");
                JsonObject problem = parse(reply.body());
                assertThat(problem.getString("code")).as(request).isIn(CODES);
                assertThat(problem.getInt("status")).as(request).isEqualTo(reply.status());
            }
            if (endpoint.method().equals("POST") && endpoint.path().equals("/api/v1/memories")
                    && reply.status() == 201) {
                created++;
            }
            if (endpoint.method().equals("DELETE") && reply.status() == 204 && firstValue(query, "permanent").equals("true")) {
                deletedForGood++;
            }
        }

        int stored = api.sendJson("GET", "/api/v1/stats", account.key(), null).json().getInt("total_count");
        assertThat(stored).as("one memory, plus what was created, minus what was deleted for good; statuses "
                + statuses).isEqualTo(1 + created - deletedForGood);
        assertThat(api.sendJson("GET", "/api/v1/memories/" + othersId, other.key(), null).header("ETag"))
                .as("the other tenant's memory is untouched").isEqualTo(othersEtag);
        String log = SharedServer.server().serverLog().substring(logBefore) + SharedServer.server().console();
        assertThat(log).as("no failure logged").doesNotContain("SEVERE").doesNotContain("internal error")
                .doesNotContain(secret).doesNotContain("SQL Error").doesNotContain("org.hibernate.exception");
        assertThat(statuses.keySet()).as("a mix of answers").contains(200, 400);
        System.out.println("FuzzIT: " + REQUESTS + " requests from seed " + SEED + ", statuses " + statuses);
    }

    /** The first value of a parameter in a query string, as JAX-RS reads a single-valued parameter; "" if absent. */
    private static String firstValue(String query, String name) {
        for (String pair : query.replaceFirst("^\\?", "").split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return "";
    }

    private static JsonObject parse(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
