package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.http.TestAccounts.Account;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MemoriesIT {

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private ApiClient.Reply send(String method, String path, String key, String body, String... headers) {
        return api.sendJson(method, path, key, body, headers);
    }

    private static String memory(String title, String content, String type, String... tags) {
        JsonArrayBuilder tagArray = Json.createArrayBuilder();
        for (String tag : tags) {
            tagArray.add(tag);
        }
        var body = Json.createObjectBuilder().add("title", title).add("content", content).add("tags", tagArray);
        if (type != null) {
            body.add("type", type);
        }
        return body.build().toString();
    }

    private JsonObject create(Account account, String body) {
        ApiClient.Reply reply = send("POST", "/api/v1/memories", account.key(), body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    private static List<String> strings(jakarta.json.JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void create_normalisesTags_countsBytes_andAnswersWithLocation() {
        Account account = TestAccounts.create(api);
        ApiClient.Reply reply = send("POST", "/api/v1/memories", account.key(),
                memory("Café notes", "ünïcode body", null, "  Machine Learning ", "ml", "ML", ""));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        JsonObject body = reply.json();
        assertThat(reply.header("Location")).endsWith("/api/v1/memories/" + body.getString("id"));
        assertThat(body.getString("type")).isEqualTo("short_term");
        assertThat(body.getString("status")).isEqualTo("active");
        assertThat(strings(body.getJsonArray("tags"))).containsExactly("machine_learning", "ml");
        long expected = "Café notes".getBytes(StandardCharsets.UTF_8).length
                + "ünïcode body".getBytes(StandardCharsets.UTF_8).length + "machine_learning".length() + "ml".length();
        assertThat(body.getJsonNumber("size_bytes").longValue()).isEqualTo(expected);
        assertThat(body.isNull("archived_at")).isTrue();
        assertThat(body.keySet()).containsExactlyInAnyOrder("id", "title", "content", "type", "tags", "status",
                "created_at", "updated_at", "accessed_at", "archived_at", "size_bytes");
    }

    @Test
    void get_touchesAccessedAt_withoutAWrite_andTheBatchedWriteFollows() throws InterruptedException {
        Account account = TestAccounts.create(api);
        String id = create(account, memory("read me", "c", null)).getString("id");
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);

        JsonObject first = send("GET", "/api/v1/memories/" + id, account.key(), null).json();
        assertThat(first.isNull("accessed_at")).as("the answer shows the read").isFalse();
        java.time.Instant accessed = java.time.Instant.parse(first.getString("accessed_at"));
        assertThat(accessed).isAfter(before);
        assertThat(send("GET", "/api/v1/memories/" + id, account.key(), null).json().getString("accessed_at"))
                .as("a read within the minute moves nothing").isEqualTo(first.getString("accessed_at"));

        JsonObject listed = null;
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            listed = send("GET", "/api/v1/memories", account.key(), null).json().getJsonArray("items").getJsonObject(0);
            if (!listed.isNull("accessed_at")) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(listed.isNull("accessed_at")).as("accessed_at written by the periodic flush").isFalse();
        assertThat(java.time.Instant.parse(listed.getString("accessed_at"))).isEqualTo(accessed);
    }

    @Test
    void get_carriesAnETag_andAStaleIfMatchIsRefused() {
        Account account = TestAccounts.create(api);
        String id = create(account, memory("t", "c", null)).getString("id");
        ApiClient.Reply get = send("GET", "/api/v1/memories/" + id, account.key(), null);
        assertThat(get.status()).isEqualTo(200);
        String etag = get.header("ETag");
        assertThat(etag).startsWith("\"").endsWith("\"");
        assertThat(send("GET", "/api/v1/memories/" + id, account.key(), null).header("ETag"))
                .as("reading touches accessed_at, which is not part of the ETag").isEqualTo(etag);

        ApiClient.Reply patched = send("PATCH", "/api/v1/memories/" + id, account.key(), "{\"title\":\"new\"}",
                "If-Match", etag);
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().getString("title")).isEqualTo("new");
        assertThat(patched.header("ETag")).isNotEqualTo(etag);

        assertProblem(send("PATCH", "/api/v1/memories/" + id, account.key(), "{\"title\":\"again\"}", "If-Match", etag),
                412, "precondition_failed");
        assertThat(send("PUT", "/api/v1/memories/" + id, account.key(), "{\"content\":\"put works too\"}").json()
                .getString("content")).isEqualTo("put works too");
    }

    @Test
    void get_withTheCurrentETagInIfNoneMatch_is304WithoutABody_elseTheMemory() {
        Account account = TestAccounts.create(api);
        String id = create(account, memory("t", "c", null)).getString("id");
        String etag = send("GET", "/api/v1/memories/" + id, account.key(), null).header("ETag");

        for (String condition : List.of(etag, "\"other\", " + etag, "*", "W/" + etag)) {
            ApiClient.Reply unchanged = send("GET", "/api/v1/memories/" + id, account.key(), null,
                    "If-None-Match", condition);
            assertThat(unchanged.status()).as(condition).isEqualTo(304);
            assertThat(unchanged.body()).as(condition).isEmpty();
            assertThat(unchanged.header("ETag")).as(condition).isEqualTo(etag);
        }
        for (String other : List.of("\"stale\"", "garbage", "\"unterminated", "W/", ",,", "W/\"stale\"")) {
            ApiClient.Reply stale = send("GET", "/api/v1/memories/" + id, account.key(), null, "If-None-Match", other);
            assertThat(stale.status()).as("a stale or malformed If-None-Match matches nothing: " + other)
                    .isEqualTo(200);
            assertThat(stale.json().getString("id")).isEqualTo(id);
        }
        assertProblem(send("PATCH", "/api/v1/memories/" + id, account.key(), "{\"title\":\"x\"}", "If-Match",
                "garbage"), 412, "precondition_failed");

        send("PATCH", "/api/v1/memories/" + id, account.key(), "{\"title\":\"changed\"}");
        ApiClient.Reply changed = send("GET", "/api/v1/memories/" + id, account.key(), null, "If-None-Match", etag);
        assertThat(changed.status()).as("an edit changes the ETag").isEqualTo(200);
        assertThat(changed.json().getString("title")).isEqualTo("changed");
    }

    @Test
    void get_carriesLastModifiedInGmt_andIfModifiedSinceAnswers304_unlessIfNoneMatchDecides() {
        Account account = TestAccounts.create(api);
        JsonObject created = create(account, memory("t", "c", null));
        String id = created.getString("id");
        ApiClient.Reply get = send("GET", "/api/v1/memories/" + id, account.key(), null);
        String lastModified = get.header("Last-Modified");

        assertThat(lastModified).matches("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} "
                + "\\d{2}:\\d{2}:\\d{2} GMT");
        Instant updated = Instant.parse(created.getString("updated_at")).truncatedTo(ChronoUnit.SECONDS);
        assertThat(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(lastModified))).isEqualTo(updated);

        ApiClient.Reply unchanged = send("GET", "/api/v1/memories/" + id, account.key(), null,
                "If-Modified-Since", lastModified);
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(unchanged.header("Last-Modified")).isEqualTo(lastModified);

        String before = DateTimeFormatter.RFC_1123_DATE_TIME.format(updated.minusSeconds(60).atOffset(ZoneOffset.UTC));
        assertThat(send("GET", "/api/v1/memories/" + id, account.key(), null, "If-Modified-Since", before).status())
                .as("changed since").isEqualTo(200);
        assertThat(send("GET", "/api/v1/memories/" + id, account.key(), null, "If-Modified-Since", "yesterday")
                .status()).as("a malformed date is ignored").isEqualTo(200);
        assertThat(send("GET", "/api/v1/memories/" + id, account.key(), null, "If-Modified-Since", lastModified,
                "If-None-Match", "\"stale\"").status()).as("If-None-Match decides").isEqualTo(200);
        assertThat(get.header("Date")).as("every answer is dated").matches(".+, \\d{2} .+ GMT");
    }

    @Test
    void patch_addsAndRemovesTags_andRefusesAnEmptyBody() {
        Account account = TestAccounts.create(api);
        String id = create(account, memory("t", "c", null, "a", "b")).getString("id");
        JsonObject patched = send("PATCH", "/api/v1/memories/" + id, account.key(),
                "{\"add_tags\":[\"C\",\"a\"],\"remove_tags\":[\"b\"]}").json();
        assertThat(strings(patched.getJsonArray("tags"))).containsExactly("a", "c");
        assertProblem(send("PATCH", "/api/v1/memories/" + id, account.key(), "{}"), 400, "validation_failed");
        assertProblem(send("PATCH", "/api/v1/memories/" + id, account.key(), "{\"type\":\"forever\"}"), 400,
                "validation_failed");
    }

    @Test
    void archive_restore_andPermanentDelete() {
        Account account = TestAccounts.create(api);
        String id = create(account, memory("t", "c", "long_term")).getString("id");
        assertProblem(send("POST", "/api/v1/memories/" + id + "/restore", account.key(), null), 409, "conflict");
        assertThat(send("DELETE", "/api/v1/memories/" + id, account.key(), null).status()).isEqualTo(204);
        JsonObject archived = send("GET", "/api/v1/memories/" + id, account.key(), null).json();
        assertThat(archived.getString("status")).isEqualTo("archived");
        assertThat(archived.isNull("archived_at")).isFalse();

        JsonObject restored = send("POST", "/api/v1/memories/" + id + "/restore", account.key(), null).json();
        assertThat(restored.getString("status")).isEqualTo("active");
        assertThat(restored.getString("type")).isEqualTo("long_term");

        assertThat(send("DELETE", "/api/v1/memories/" + id + "?permanent=true", account.key(), null).status())
                .isEqualTo(204);
        assertProblem(send("GET", "/api/v1/memories/" + id, account.key(), null), 404, "not_found");
    }

    @Test
    void anotherUsersMemory_isNotFound_forEveryMethod_andNeverListed() {
        Account owner = TestAccounts.create(api);
        Account other = TestAccounts.create(api);
        String id = create(owner, memory("secret plans", "only mine", null, "private")).getString("id");
        String path = "/api/v1/memories/" + id;

        assertProblem(send("GET", path, other.key(), null), 404, "not_found");
        assertProblem(send("PATCH", path, other.key(), "{\"title\":\"x\"}"), 404, "not_found");
        assertProblem(send("PUT", path, other.key(), "{\"title\":\"x\"}"), 404, "not_found");
        assertProblem(send("DELETE", path, other.key(), null), 404, "not_found");
        assertProblem(send("DELETE", path + "?permanent=true", other.key(), null), 404, "not_found");
        assertProblem(send("POST", path + "/restore", other.key(), null), 404, "not_found");
        assertProblem(send("GET", "/api/v1/memories/" + UUID.randomUUID(), other.key(), null), 404, "not_found");

        assertThat(send("GET", "/api/v1/memories?status=all", other.key(), null).body()).doesNotContain(id);
        assertThat(send("GET", "/api/v1/tags", other.key(), null).body()).doesNotContain("private");
        assertThat(send("GET", "/api/v1/stats", other.key(), null).json().getJsonNumber("total_count").longValue())
                .isZero();
        assertThat(send("POST", "/api/v1/search", other.key(), "{\"query\":\"secret plans\"}").body())
                .doesNotContain(id);
        assertThat(send("GET", "/api/v1/search?q=secret", other.key(), null).body()).doesNotContain(id);
        JsonObject context = send("POST", "/api/v1/context", other.key(), "{\"tier\":2}").json();
        assertThat(context.getInt("memories_included")).isZero();
        assertThat(context.getString("context")).doesNotContain("secret plans");
        assertThat(send("GET", path, owner.key(), null).status()).isEqualTo(200);
    }

    @Test
    void concurrentEditsWithTheSameEtag_onlyOneWins() throws Exception {
        Account account = TestAccounts.create(api);
        String id = create(account, memory("t", "c", null)).getString("id");
        String etag = send("GET", "/api/v1/memories/" + id, account.key(), null).header("ETag");
        List<java.util.concurrent.CompletableFuture<ApiClient.Reply>> edits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String body = "{\"title\":\"edit " + i + "\"}";
            edits.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> send("PATCH", "/api/v1/memories/" + id,
                    account.key(), body, "If-Match", etag)));
        }
        List<Integer> statuses = new ArrayList<>();
        for (var edit : edits) {
            statuses.add(edit.get().status());
        }
        assertThat(statuses).containsOnly(200, 412);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
    }

    @Test
    void list_walksEveryMemoryExactlyOnce_evenWithInsertsBetweenPages() {
        Account account = TestAccounts.create(api);
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(create(account, memory("m" + i, "c", null)).getString("id"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = "/api/v1/memories?limit=3" + (cursor == null ? "" : "&cursor="
                    + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonObject page = send("GET", path, account.key(), null).json();
            page.getJsonArray("items").getValuesAs(JsonObject.class).forEach(m -> seen.add(m.getString("id")));
            cursor = page.isNull("next_cursor") ? null : page.getString("next_cursor");
            if (pages++ == 0) {
                create(account, memory("inserted meanwhile", "c", null));
            }
        } while (cursor != null && pages < 10);
        assertThat(seen).doesNotHaveDuplicates().containsAll(created);
    }

    @Test
    void list_filtersByType_allTags_andStatus() {
        Account account = TestAccounts.create(api);
        create(account, memory("a", "c", "long_term", "x", "y"));
        create(account, memory("b", "c", null, "x"));
        String archived = create(account, memory("c", "c", null, "x", "y")).getString("id");
        send("DELETE", "/api/v1/memories/" + archived, account.key(), null);

        assertThat(send("GET", "/api/v1/memories?type=long_term", account.key(), null).json().getJsonArray("items"))
                .hasSize(1);
        assertThat(send("GET", "/api/v1/memories?tag=x&tag=Y", account.key(), null).json().getJsonArray("items"))
                .hasSize(1);
        assertThat(send("GET", "/api/v1/memories?status=archived", account.key(), null).json().getJsonArray("items"))
                .hasSize(1);
        assertThat(send("GET", "/api/v1/memories?status=all", account.key(), null).json().getJsonArray("items"))
                .hasSize(3);
        JsonObject tags = send("GET", "/api/v1/tags", account.key(), null).json();
        assertThat(tags.getJsonArray("items").getJsonObject(0).getString("tag")).isEqualTo("x");
        assertThat(tags.getJsonArray("items").getJsonObject(0).getJsonNumber("count").longValue()).isEqualTo(2);
        JsonObject stats = send("GET", "/api/v1/stats", account.key(), null).json();
        assertThat(stats.getJsonNumber("short_term_count").longValue()).isEqualTo(1);
        assertThat(stats.getJsonNumber("long_term_count").longValue()).isEqualTo(1);
        assertThat(stats.getJsonNumber("archived_count").longValue()).isEqualTo(1);
        assertThat(stats.getJsonNumber("total_count").longValue()).isEqualTo(3);
    }

    @Test
    void invalidInput_isValidationFailed_namingTheField() {
        Account account = TestAccounts.create(api);
        assertThat(field(send("POST", "/api/v1/memories", account.key(), "{\"content\":\"c\"}"))).isEqualTo("title");
        assertThat(field(send("POST", "/api/v1/memories", account.key(), memory("", "c", null)))).isEqualTo("title");
        assertThat(field(send("POST", "/api/v1/memories", account.key(), memory("t".repeat(501), "c", null))))
                .isEqualTo("title");
        assertThat(field(send("POST", "/api/v1/memories", account.key(), memory("t", "c".repeat(100_001), null))))
                .isEqualTo("content");
        assertThat(field(send("POST", "/api/v1/memories", account.key(), memory("t", "c", "forever")))).isEqualTo("type");
        String[] many = new String[51];
        for (int i = 0; i < many.length; i++) {
            many[i] = "tag" + i;
        }
        assertThat(field(send("POST", "/api/v1/memories", account.key(), memory("t", "c", null, many)))).isEqualTo("tags");
        assertThat(field(send("POST", "/api/v1/memories", account.key(), memory("t", "c", null, "x".repeat(65)))))
                .isEqualTo("tags");
        for (String query : List.of("limit=0", "limit=201", "limit=abc", "status=gone", "cursor=not-ours", "type=x")) {
            assertProblem(send("GET", "/api/v1/memories?" + query, account.key(), null), 400, "validation_failed");
        }
    }

    private static String field(ApiClient.Reply reply) {
        return assertProblem(reply, 400, "validation_failed").getJsonArray("errors").getJsonObject(0).getString("field");
    }

    @Test
    void idempotentRetry_returnsTheFirstAnswer_andAnotherBodyIsConflict() {
        Account account = TestAccounts.create(api);
        String key = "retry-" + UUID.randomUUID();
        ApiClient.Reply first = send("POST", "/api/v1/memories", account.key(), memory("once", "c", null),
                "Idempotency-Key", key);
        ApiClient.Reply again = send("POST", "/api/v1/memories", account.key(), memory("once", "c", null),
                "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().getString("id")).isEqualTo(first.json().getString("id"));
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertProblem(send("POST", "/api/v1/memories", account.key(), memory("other", "c", null), "Idempotency-Key", key),
                409, "conflict");
        assertThat(send("GET", "/api/v1/stats", account.key(), null).json().getJsonNumber("total_count").longValue())
                .isEqualTo(1);
        Account other = TestAccounts.create(api);
        assertThat(send("POST", "/api/v1/memories", other.key(), memory("once", "c", null), "Idempotency-Key", key)
                .json().getString("id")).as("keys belong to a user").isNotEqualTo(first.json().getString("id"));
    }

    @Test
    void readOnlyKey_canReadButNotWrite() {
        Account account = TestAccounts.create(api);
        String reader = TestAccounts.createKey(api, account.key(), "{\"name\":\"r\",\"scopes\":[\"memories:read\"]}")
                .getString("key");
        assertProblem(send("POST", "/api/v1/memories", reader, memory("t", "c", null)), 403, "insufficient_scope");
        assertThat(send("GET", "/api/v1/memories", reader, null).status()).isEqualTo(200);
    }
}
