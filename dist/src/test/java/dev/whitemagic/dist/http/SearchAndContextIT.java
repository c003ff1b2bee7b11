package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static dev.whitemagic.dist.http.TestAccounts.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.http.TestAccounts.Account;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchAndContextIT {

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private ApiClient.Reply post(String path, String key, String body) {
        return api.send("POST", path, HttpRequest.BodyPublishers.ofString(body), "Authorization", bearer(key),
                "Content-Type", "application/json");
    }

    private String create(Account account, String title, String content, String type, String... tags) {
        JsonArrayBuilder tagArray = Json.createArrayBuilder();
        for (String tag : tags) {
            tagArray.add(tag);
        }
        var body = Json.createObjectBuilder().add("title", title).add("content", content).add("tags", tagArray);
        if (type != null) {
            body.add("type", type);
        }
        ApiClient.Reply reply = post("/api/v1/memories", account.key(), body.build().toString());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("id");
    }

    /** A keyword search (what these tests are about; search by meaning has its own test). */
    private List<JsonObject> search(Account account, String json) {
        String keyword = json.equals("{}") ? "{\"mode\":\"keyword\"}" : json.replaceFirst("^\\{", "{\"mode\":\"keyword\",");
        ApiClient.Reply reply = post("/api/v1/search", account.key(), keyword);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    private static List<String> titles(List<JsonObject> hits) {
        return hits.stream().map(h -> h.getJsonObject("memory").getString("title")).toList();
    }

    @Test
    void titleMatch_ranksAboveContentMatch_withSnippetAndWithoutContent() {
        Account account = TestAccounts.create(api);
        create(account, "Gardening log", "The tomatoes need a trellis before July.", null);
        create(account, "Tomatoes", "Notes on growing them.", null);
        create(account, "Unrelated", "Nothing to see.", null);

        List<JsonObject> hits = search(account, "{\"query\":\"tomatoes\"}");
        assertThat(titles(hits)).containsExactly("Tomatoes", "Gardening log");
        assertThat(hits.get(0).getJsonNumber("score").doubleValue())
                .isGreaterThan(hits.get(1).getJsonNumber("score").doubleValue());
        assertThat(hits.get(1).getString("snippet")).contains("<<").contains(">>");
        assertThat(hits.get(0).getJsonObject("memory")).doesNotContainKey("content");
    }

    @Test
    void webSearchSyntax_stemming_andTypoFallback() {
        Account account = TestAccounts.create(api);
        create(account, "Kubernetes notes", "Pods and services.", null);
        create(account, "Running log", "I was running in the park.", null);
        create(account, "Park plan", "A quiet green space near the river.", null);

        assertThat(titles(search(account, "{\"query\":\"run\"}"))).contains("Running log");
        assertThat(titles(search(account, "{\"query\":\"\\\"green space\\\"\"}"))).containsExactly("Park plan");
        assertThat(titles(search(account, "{\"query\":\"park -running\"}"))).containsExactly("Park plan");
        assertThat(titles(search(account, "{\"query\":\"pods or river\"}")))
                .containsExactlyInAnyOrder("Kubernetes notes", "Park plan");
        assertThat(titles(search(account, "{\"query\":\"kubernets\"}"))).contains("Kubernetes notes");
        assertThat(search(account, "{\"query\":\"'); DROP TABLE memories; --\"}")).isEmpty();
        assertThat(titles(search(account, "{}"))).hasSize(3);
    }

    @Test
    void getSearch_filtersByTagAndType_andNeverShowsOtherUsers() {
        Account account = TestAccounts.create(api);
        Account other = TestAccounts.create(api);
        create(account, "Alpha deploy", "deploy steps", "long_term", "ops");
        create(account, "Beta deploy", "deploy steps", null);
        create(other, "Gamma deploy", "deploy steps", null, "ops");

        ApiClient.Reply reply = api.get("/api/v1/search?q=" + URLEncoder.encode("deploy", StandardCharsets.UTF_8)
                + "&tag=ops", "Authorization", bearer(account.key()));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(titles(reply.json().getJsonArray("items").getValuesAs(JsonObject.class))).containsExactly("Alpha deploy");
        assertThat(titles(search(account, "{\"query\":\"deploy\",\"type\":\"short_term\"}"))).containsExactly("Beta deploy");
        assertProblem(post("/api/v1/search", account.key(), "{\"limit\":101}"), 400, "validation_failed");
        assertProblem(api.get("/api/v1/search?limit=0", "Authorization", bearer(account.key())), 400, "validation_failed");
    }

    @Test
    void searchPages_walkEveryMatchOnce_andArchivedOnesOnlyWhenAsked() {
        Account account = TestAccounts.create(api);
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(account, "Recipe " + i, "bread and butter " + i, null));
        }
        String archived = create(account, "Old recipe", "bread from last year", null);
        // A hybrid search's order changes as the memories' embeddings land: page once they have.
        TestAccounts.awaitEmbedded(api, account);
        api.send("DELETE", "/api/v1/memories/" + archived, HttpRequest.BodyPublishers.noBody(),
                "Authorization", bearer(account.key()));

        java.util.List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String body = "{\"query\":\"bread\",\"limit\":2" + (cursor == null ? "" : ",\"cursor\":\"" + cursor + "\"")
                    + "}";
            JsonObject page = post("/api/v1/search", account.key(), body).json();
            page.getJsonArray("items").getValuesAs(JsonObject.class)
                    .forEach(hit -> seen.add(hit.getJsonObject("memory").getString("id")));
            cursor = page.isNull("next_cursor") ? null : page.getString("next_cursor");
        } while (cursor != null && ++pages < 10);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);

        assertThat(titles(search(account, "{\"query\":\"bread\",\"include_archived\":true,\"limit\":100}")))
                .contains("Old recipe").hasSize(6);
        assertProblem(post("/api/v1/search", account.key(), "{\"query\":\"bread\",\"cursor\":\"forged\"}"), 400,
                "validation_failed");
    }

    @Test
    void context_takesTheTiersCounts_andLeavesOutEmptySections() {
        Account account = TestAccounts.create(api);
        for (int i = 0; i < 12; i++) {
            create(account, "Short " + i, "**bold** text " + i, null, "t");
        }
        for (int i = 0; i < 7; i++) {
            create(account, "Long " + i, "# Heading\nknowledge " + i, "long_term");
        }
        JsonObject tier0 = post("/api/v1/context", account.key(), "{\"tier\":0}").json();
        assertThat(tier0.getInt("memories_included")).isEqualTo(2);
        assertThat(tier0.getString("context")).startsWith("## Context Package (Tier 0)")
                .contains("### Short-Term Memories").doesNotContain("### Long-Term Knowledge").doesNotContain("**bold**");
        JsonObject tier1 = post("/api/v1/context", account.key(), "{}").json();
        assertThat(tier1.getInt("tier")).isEqualTo(1);
        assertThat(tier1.getInt("memories_included")).isEqualTo(7);
        assertThat(tier1.getJsonArray("memory_ids")).hasSize(7);
        assertThat(tier1.getString("context")).contains("- **Short 11** (created: ").contains("### Long-Term Knowledge");
        JsonObject tier2 = post("/api/v1/context", account.key(), "{\"tier\":2}").json();
        assertThat(tier2.getInt("memories_included")).isEqualTo(15);
        assertProblem(post("/api/v1/context", account.key(), "{\"tier\":3}"), 400, "validation_failed");
    }

    @Test
    void consolidation_dryRunReportsWhatTheRealRunDoes() {
        Account account = TestAccounts.create(api);
        create(account, "Proven trick", "Always warm up first. More text.", null, "proven");
        create(account, "Plain note", "nothing special", null);
        create(account, "Kept long", "already long-term", "long_term");

        JsonObject dry = post("/api/v1/consolidate", account.key(), "{\"min_age_days\":0}").json();
        assertThat(dry.getBoolean("dry_run")).isTrue();
        assertThat(dry.getInt("archived_count")).isEqualTo(2);
        assertThat(dry.getInt("promoted_count")).isEqualTo(1);
        assertThat(dry.isNull("consolidated_memory_id")).isTrue();
        JsonObject stats = api.get("/api/v1/stats", "Authorization", bearer(account.key())).json();
        assertThat(stats.getJsonNumber("short_term_count").longValue()).as("a dry run changes nothing").isEqualTo(2);

        JsonObject real = post("/api/v1/consolidate", account.key(), "{\"dry_run\":false,\"min_age_days\":0}").json();
        assertThat(real.getInt("archived_count")).isEqualTo(dry.getInt("archived_count"));
        assertThat(real.getInt("promoted_count")).isEqualTo(dry.getInt("promoted_count"));
        String summaryId = real.getString("consolidated_memory_id");
        JsonObject summary = api.get("/api/v1/memories/" + summaryId, "Authorization", bearer(account.key())).json();
        assertThat(summary.getString("title")).startsWith("Consolidated Insights - ");
        assertThat(summary.getString("type")).isEqualTo("long_term");
        stats = api.get("/api/v1/stats", "Authorization", bearer(account.key())).json();
        assertThat(stats.getJsonNumber("short_term_count").longValue()).isZero();
        assertThat(stats.getJsonNumber("long_term_count").longValue()).isEqualTo(3);
        assertThat(stats.getJsonNumber("archived_count").longValue()).isEqualTo(2);
        assertProblem(post("/api/v1/consolidate", account.key(), "{\"min_age_days\":-1}"), 400, "validation_failed");
    }
}
