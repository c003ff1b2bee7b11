package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static dev.whitemagic.dist.http.TestAccounts.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.TestPlans;
import dev.whitemagic.dist.http.TestAccounts.Account;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The memory and storage caps over HTTP. On the shared server, accounts on {@code enterprise} may keep
 * {@value TestPlans#ENTERPRISE_MAX_MEMORIES} memories of {@value TestPlans#ENTERPRISE_MAX_STORAGE_BYTES} bytes in all.
 */
class MemoryCapsIT {

    private static final int MAX_MEMORIES = TestPlans.ENTERPRISE_MAX_MEMORIES;
    private static final int MAX_BYTES = TestPlans.ENTERPRISE_MAX_STORAGE_BYTES;
    private static final String MEMORY_CAP = "memory limit of plan enterprise (" + MAX_MEMORIES + ") reached";
    private static final String STORAGE_CAP = "storage limit of plan enterprise (" + MAX_BYTES
            + " bytes) would be exceeded";

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private ApiClient.Reply send(String method, String path, String key, String body, String... headers) {
        return api.sendJson(method, path, key, body, headers);
    }

    private static String memory(String title, String content, String... tags) {
        JsonArrayBuilder tagArray = Json.createArrayBuilder();
        for (String tag : tags) {
            tagArray.add(tag);
        }
        return Json.createObjectBuilder().add("title", title).add("content", content).add("tags", tagArray).build()
                .toString();
    }

    private String create(Account account, String body, String... headers) {
        ApiClient.Reply reply = send("POST", "/api/v1/memories", account.key(), body, headers);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("id");
    }

    /** An enterprise account holding as many memories as its plan allows (small ones). */
    private Account accountAtTheMemoryCap(List<String> ids) {
        Account account = TestAccounts.create(api, "enterprise");
        for (int i = 0; i < MAX_MEMORIES; i++) {
            ids.add(create(account, memory("note " + i, "kept at the cap", "capped")));
        }
        return account;
    }

    private int listed(Account account, String status) {
        ApiClient.Reply list = send("GET", "/api/v1/memories?status=" + status, account.key(), null);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.json().getJsonArray("items").size();
    }

    private void assertQuotaExceeded(ApiClient.Reply reply, String detail, String instance) {
        JsonObject problem = assertProblem(reply, 403, "quota_exceeded");
        assertThat(problem.getString("title")).isEqualTo("Quota exceeded");
        assertThat(problem.getString("detail")).isEqualTo(detail);
        assertThat(problem.getString("instance")).isEqualTo(instance);
    }

    @Test
    void create_pastTheMemoryCap_is403QuotaExceeded_andStoresNothing() {
        Account account = accountAtTheMemoryCap(new ArrayList<>());

        assertQuotaExceeded(send("POST", "/api/v1/memories", account.key(), memory("one too many", "c")), MEMORY_CAP,
                "/api/v1/memories");

        assertThat(listed(account, "all")).isEqualTo(MAX_MEMORIES);
    }

    @Test
    void readsSearchArchiveRestoreAndDelete_workAtTheCap_andAPermanentDeleteMakesRoom() {
        List<String> ids = new ArrayList<>();
        Account account = accountAtTheMemoryCap(ids);
        String first = ids.get(0);

        assertThat(send("GET", "/api/v1/memories/" + first, account.key(), null).status()).isEqualTo(200);
        assertThat(listed(account, "active")).isEqualTo(MAX_MEMORIES);
        ApiClient.Reply search = send("POST", "/api/v1/search", account.key(), "{\"query\":\"kept\"}");
        assertThat(search.status()).as(search.toString()).isEqualTo(200);
        assertThat(search.json().getJsonArray("items")).hasSize(MAX_MEMORIES);
        assertThat(send("GET", "/api/v1/stats", account.key(), null).json().getInt("total_count"))
                .isEqualTo(MAX_MEMORIES);
        assertThat(send("GET", "/api/v1/tags", account.key(), null).status()).isEqualTo(200);
        assertThat(send("POST", "/api/v1/context", account.key(), "{\"tier\":1}").status()).isEqualTo(200);

        assertThat(send("DELETE", "/api/v1/memories/" + first, account.key(), null).status()).isEqualTo(204);
        assertQuotaExceeded(send("POST", "/api/v1/memories", account.key(), memory("x", "y")), MEMORY_CAP,
                "/api/v1/memories");
        ApiClient.Reply restored = send("POST", "/api/v1/memories/" + first + "/restore", account.key(), null);
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(restored.json().getString("status")).isEqualTo("active");

        assertThat(send("DELETE", "/api/v1/memories/" + first + "?permanent=true", account.key(), null).status())
                .isEqualTo(204);
        create(account, memory("room again", "after a permanent delete"));
        assertQuotaExceeded(send("POST", "/api/v1/memories", account.key(), memory("x", "y")), MEMORY_CAP,
                "/api/v1/memories");
    }

    @Test
    void edits_growingPastTheStorageCap_are403_whileSameSizeAndShrinkingWork() {
        Account account = TestAccounts.create(api, "enterprise");
        String content = "a".repeat(MAX_BYTES - 10);
        String id = create(account, memory("big note", content));
        String path = "/api/v1/memories/" + id;

        assertQuotaExceeded(send("PATCH", path, account.key(), "{\"content\":\"" + content + "abcd\"}"), STORAGE_CAP,
                path);
        assertQuotaExceeded(send("PUT", path, account.key(), "{\"add_tags\":[\"xyz\"]}"), STORAGE_CAP, path);
        assertQuotaExceeded(send("POST", "/api/v1/memories", account.key(), memory("t", "123")), STORAGE_CAP,
                "/api/v1/memories");
        JsonObject unchanged = send("GET", path, account.key(), null).json();
        assertThat(unchanged.getString("content")).isEqualTo(content);
        assertThat(unchanged.getJsonNumber("size_bytes").longValue()).isEqualTo(MAX_BYTES - 2);

        ApiClient.Reply sameSize = send("PATCH", path, account.key(), "{\"title\":\"BIG NOTE\"}");
        assertThat(sameSize.status()).as(sameSize.toString()).isEqualTo(200);
        ApiClient.Reply shrunk = send("PATCH", path, account.key(), "{\"content\":\"now small\"}");
        assertThat(shrunk.status()).as(shrunk.toString()).isEqualTo(200);
        assertThat(shrunk.json().getJsonNumber("size_bytes").longValue()).isEqualTo(8 + 9);
        create(account, memory("t", "fits now"));
    }

    @Test
    void anIdempotentRetry_ofACreateThatTookTheLastPlace_answersTheFirstAnswer() {
        Account account = TestAccounts.create(api, "enterprise");
        for (int i = 1; i < MAX_MEMORIES; i++) {
            create(account, memory("note " + i, "c"));
        }
        String body = memory("the last place", "taken once");
        ApiClient.Reply first = send("POST", "/api/v1/memories", account.key(), body, "Idempotency-Key", "last-place");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);

        ApiClient.Reply retry = send("POST", "/api/v1/memories", account.key(), body, "Idempotency-Key", "last-place");

        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertQuotaExceeded(send("POST", "/api/v1/memories", account.key(), body, "Idempotency-Key", "another-key"),
                MEMORY_CAP, "/api/v1/memories");
        assertThat(listed(account, "all")).isEqualTo(MAX_MEMORIES);
    }

    @Test
    void aRefusedCreate_isNotStoredAsTheKeysAnswer_soItsRetrySucceedsOnceThereIsRoom() {
        List<String> ids = new ArrayList<>();
        Account account = accountAtTheMemoryCap(ids);
        String body = memory("waiting", "for room");
        assertQuotaExceeded(send("POST", "/api/v1/memories", account.key(), body, "Idempotency-Key", "wait"),
                MEMORY_CAP, "/api/v1/memories");

        assertThat(send("DELETE", "/api/v1/memories/" + ids.get(1) + "?permanent=true", account.key(), null).status())
                .isEqualTo(204);

        create(account, body, "Idempotency-Key", "wait");
    }

    @Test
    void aPlanChange_appliesToTheNextRequest() {
        Account account = accountAtTheMemoryCap(new ArrayList<>());
        assertQuotaExceeded(send("POST", "/api/v1/memories", account.key(), memory("x", "y")), MEMORY_CAP,
                "/api/v1/memories");

        ApiClient.Reply patched = api.send("PATCH", "/api/v1/admin/users/" + account.userId(),
                HttpRequest.BodyPublishers.ofString("{\"plan_tier\":\"free\"}"), "Content-Type", "application/json",
                "Authorization", "Bearer " + SharedServer.ADMIN_TOKEN);
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);

        // The shared server's free plan is generous.
        create(account, memory("x", "y"));
    }

    @Test
    void consolidation_atTheCap_isNotRefused_butWhatItAddsCounts() {
        Account account = TestAccounts.create(api, "enterprise");
        create(account, memory("retry with backoff", "it worked", "insight"));
        create(account, memory("lunch", "soup"));
        create(account, memory("pick boring tech", "again", "decision"));

        ApiClient.Reply consolidated = send("POST", "/api/v1/consolidate", account.key(),
                "{\"dry_run\":false,\"min_age_days\":0}");

        assertThat(consolidated.status()).as(consolidated.toString()).isEqualTo(200);
        assertThat(consolidated.json().getInt("promoted_count")).isEqualTo(2);
        assertThat(listed(account, "all")).isEqualTo(MAX_MEMORIES + 3);
        assertQuotaExceeded(send("POST", "/api/v1/memories", account.key(), memory("x", "y")), MEMORY_CAP,
                "/api/v1/memories");
    }

    @Test
    void me_showsTheCounters_inStepWithTheMemories() {
        Account account = TestAccounts.create(api, "enterprise");
        String first = create(account, memory("first", "12345"));
        create(account, memory("second", "1234567", "tag"));
        assertThat(usage(account)).isEqualTo(List.of(2L, 5L + 5 + 6 + 7 + 3));

        assertThat(send("DELETE", "/api/v1/memories/" + first, account.key(), null).status()).isEqualTo(204);
        assertThat(usage(account)).as("an archived memory keeps counting").isEqualTo(List.of(2L, 26L));

        assertThat(send("DELETE", "/api/v1/memories/" + first + "?permanent=true", account.key(), null).status())
                .isEqualTo(204);
        assertThat(usage(account)).isEqualTo(List.of(1L, 16L));
    }

    /** @return memories_count and storage_bytes as {@code GET /api/v1/me} shows them */
    private List<Long> usage(Account account) {
        ApiClient.Reply me = api.get("/api/v1/me", "Authorization", bearer(account.key()));
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        JsonObject usage = me.json().getJsonObject("usage");
        return List.of(usage.getJsonNumber("memories_count").longValue(),
                usage.getJsonNumber("storage_bytes").longValue());
    }

    @Test
    void refusals_areCountedByCapAndPlan_andMemoriesStoredIsAGauge() {
        Account account = accountAtTheMemoryCap(new ArrayList<>());
        send("POST", "/api/v1/memories", account.key(), memory("x", "y"));
        Account full = TestAccounts.create(api, "enterprise");
        send("POST", "/api/v1/memories", full.key(), memory("too big", "z".repeat(MAX_BYTES)));

        String metrics = api.get("/metrics?scope=application", "Accept", "text/plain").body();

        assertThat(metrics).containsPattern("wm_quota_refusals_total\\{(?=[^}]*cap=\"memories\")"
                + "(?=[^}]*plan=\"enterprise\")[^}]*} [1-9]");
        assertThat(metrics).containsPattern("wm_quota_refusals_total\\{(?=[^}]*cap=\"storage\")"
                + "(?=[^}]*plan=\"enterprise\")[^}]*} [1-9]");
        assertThat(metrics).doesNotContain(account.userId()).doesNotContain(account.keyId());
        assertThat(metrics).containsPattern("(?m)^wm_memories_stored(\\{[^}]*})? [0-9]");
    }

    @Test
    void openApi_documentsQuotaExceeded_onTheMemoryWritesThatCanGrow() {
        JsonObject document = api.get("/openapi", "Accept", "application/json").json();
        JsonObject paths = document.getJsonObject("paths");

        for (String[] operation : new String[][] {{"/api/v1/memories", "post"}, {"/api/v1/memories/{id}", "patch"},
                {"/api/v1/memories/{id}", "put"}}) {
            assertThat(paths.getJsonObject(operation[0]).getJsonObject(operation[1]).getJsonObject("responses")
                    .getJsonObject("403").getString("$ref")).as(operation[1] + " " + operation[0])
                    .endsWith("/ForbiddenOrQuotaExceeded");
        }
        assertThat(paths.getJsonObject("/api/v1/memories").getJsonObject("get").getJsonObject("responses")
                .getJsonObject("403").getString("$ref")).endsWith("/Forbidden");
        assertThat(document.getJsonObject("components").getJsonObject("responses")
                .getJsonObject("ForbiddenOrQuotaExceeded").getString("description")).contains("quota_exceeded");
    }
}
