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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Search by meaning through HTTP on the packaged server: the real model embeds in the background, so each test
 * waits until its memories are embedded ({@code embeddings_pending} 0) before it searches.
 */
class SemanticSearchIT {

    private static final String BIRTHDAY_QUESTION = "when is my kid's birthday";

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private ApiClient.Reply post(String path, String key, String body) {
        return api.send("POST", path, HttpRequest.BodyPublishers.ofString(body), "Authorization", bearer(key),
                "Content-Type", "application/json");
    }

    private String create(Account account, String title, String content, String... tags) {
        JsonArrayBuilder tagArray = Json.createArrayBuilder();
        for (String tag : tags) {
            tagArray.add(tag);
        }
        ApiClient.Reply reply = post("/api/v1/memories", account.key(), Json.createObjectBuilder().add("title", title)
                .add("content", content).add("tags", tagArray).build().toString());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("id");
    }

    private void awaitEmbedded(Account account) {
        TestAccounts.awaitEmbedded(api, account);
    }

    private List<JsonObject> search(Account account, String query, String mode, String... more) {
        var body = Json.createObjectBuilder().add("query", query).add("mode", mode);
        for (int i = 0; i + 1 < more.length; i += 2) {
            body.add(more[i], more[i + 1]);
        }
        ApiClient.Reply reply = post("/api/v1/search", account.key(), body.build().toString());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    private static List<String> titles(List<JsonObject> hits) {
        return hits.stream().map(h -> h.getJsonObject("memory").getString("title")).toList();
    }

    private Account withFamilyAndWork() {
        Account account = TestAccounts.create(api);
        create(account, "Emma", "Emma turns seven on March 3", "family");
        create(account, "Staging cluster", "The staging cluster runs three replicas behind nginx", "ops");
        create(account, "Groceries", "Buy oat milk, eggs and coffee beans on the way home");
        awaitEmbedded(account);
        return account;
    }

    @Test
    void aParaphrase_findsTheMemoryByMeaning_withItsChunkAsSnippet() {
        Account account = withFamilyAndWork();

        List<JsonObject> semantic = search(account, BIRTHDAY_QUESTION, "semantic");
        assertThat(titles(semantic)).containsExactly("Emma");
        assertThat(semantic.get(0).getString("match")).isEqualTo("semantic");
        assertThat(semantic.get(0).getString("snippet")).startsWith("Emma turns seven on March 3").doesNotContain("<<");
        assertThat(semantic.get(0).getJsonNumber("score").doubleValue()).isBetween(0.24, 1.0);

        assertThat(titles(search(account, BIRTHDAY_QUESTION, "hybrid"))).containsExactly("Emma");
        assertThat(search(account, BIRTHDAY_QUESTION, "keyword")).as("no word in common").isEmpty();
        ApiClient.Reply get = api.get("/api/v1/search?mode=semantic&q="
                + URLEncoder.encode(BIRTHDAY_QUESTION, StandardCharsets.UTF_8), "Authorization", bearer(account.key()));
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).contains("\"title\":\"Emma\"");
    }

    @Test
    void hybrid_ranksAMemoryBothFindFirst_andMarksHowEachWasFound() {
        Account account = TestAccounts.create(api);
        create(account, "Restart the database", "Restart the PostgreSQL server after the kernel patch");
        create(account, "Host maintenance", "Reboot the postgres host every month to apply updates");
        create(account, "Coffee machine", "Restart the coffee machine when it blinks red");
        awaitEmbedded(account);

        List<JsonObject> hits = search(account, "restart the database server", "hybrid");

        assertThat(titles(hits).get(0)).isEqualTo("Restart the database");
        assertThat(hits.get(0).getString("match")).isEqualTo("both");
        assertThat(hits).extracting(h -> h.getString("match")).doesNotContainNull();
        assertThat(titles(hits)).contains("Host maintenance");
    }

    @Test
    void aSubjectNeverStored_findsNothing() {
        Account account = withFamilyAndWork();

        assertThat(search(account, "quantum chromodynamics lecture notes", "semantic")).isEmpty();
        assertThat(search(account, "quantum chromodynamics lecture notes", "hybrid")).isEmpty();
    }

    @Test
    void phrasesAndExcludedWords_stayConstraints_andFiltersApply() {
        Account account = withFamilyAndWork();
        create(account, "Leo", "Leo's birthday is on June 5, with a cake shaped like a train", "family");
        awaitEmbedded(account);

        assertThat(titles(search(account, BIRTHDAY_QUESTION, "semantic"))).containsExactlyInAnyOrder("Emma", "Leo");
        assertThat(titles(search(account, BIRTHDAY_QUESTION + " -cake", "semantic"))).containsExactly("Emma");
        assertThat(titles(search(account, BIRTHDAY_QUESTION + " \"June 5\"", "hybrid"))).containsExactly("Leo");
        assertThat(search(account, BIRTHDAY_QUESTION, "semantic", "type", "long_term")).isEmpty();
        var tagged = Json.createObjectBuilder().add("query", BIRTHDAY_QUESTION).add("mode", "semantic")
                .add("tags", Json.createArrayBuilder().add("ops")).build().toString();
        assertThat(post("/api/v1/search", account.key(), tagged).json().getJsonArray("items")).isEmpty();
    }

    @Test
    void anotherUsersMemories_areNeverFound() {
        withFamilyAndWork();
        Account stranger = TestAccounts.create(api);
        create(stranger, "Holiday", "Flights to Lisbon in August");
        awaitEmbedded(stranger);

        assertThat(search(stranger, BIRTHDAY_QUESTION, "semantic")).isEmpty();
        assertThat(search(stranger, BIRTHDAY_QUESTION, "hybrid")).isEmpty();
    }

    @Test
    void anUpdate_isEmbeddedAgain_andAPermanentDeleteIsForgotten() {
        Account account = withFamilyAndWork();
        String emma = search(account, BIRTHDAY_QUESTION, "semantic").get(0).getJsonObject("memory").getString("id");

        ApiClient.Reply patched = api.send("PATCH", "/api/v1/memories/" + emma,
                HttpRequest.BodyPublishers.ofString("{\"content\":\"Emma plays the cello in the school orchestra\"}"),
                "Authorization", bearer(account.key()), "Content-Type", "application/json");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        awaitEmbedded(account);
        assertThat(search(account, BIRTHDAY_QUESTION, "semantic")).isEmpty();
        assertThat(titles(search(account, "which instrument does my daughter play", "semantic")))
                .containsExactly("Emma");

        ApiClient.Reply deleted = api.send("DELETE", "/api/v1/memories/" + emma + "?permanent=true",
                HttpRequest.BodyPublishers.noBody(), "Authorization", bearer(account.key()));
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(search(account, "which instrument does my daughter play", "semantic")).isEmpty();
    }

    @Test
    void anUnknownMode_isRefused_andContextUsesHybrid() {
        Account account = withFamilyAndWork();

        assertThat(assertProblem(post("/api/v1/search", account.key(), "{\"query\":\"x\",\"mode\":\"fuzzy\"}"), 400,
                "validation_failed").toString()).contains("mode");
        assertProblem(api.get("/api/v1/search?q=x&mode=Semantic", "Authorization", bearer(account.key())), 400,
                "validation_failed");

        ApiClient.Reply context = post("/api/v1/context", account.key(),
                "{\"tier\":1,\"query\":\"" + BIRTHDAY_QUESTION + "\"}");
        assertThat(context.status()).as(context.toString()).isEqualTo(200);
        assertThat(context.json().getString("context")).contains("Emma turns seven");
        assertThat(context.json().getInt("memories_included")).isEqualTo(1);
    }
}
