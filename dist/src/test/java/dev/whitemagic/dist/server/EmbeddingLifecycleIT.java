package dev.whitemagic.dist.server;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.RunningServer;
import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.TestPlans;
import dev.whitemagic.dist.http.ApiClient;
import dev.whitemagic.dist.http.TestAccounts;
import dev.whitemagic.dist.http.TestAccounts.Account;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Search by meaning switched off, then on: with {@code WM_EMBEDDINGS_ENABLED=false} nothing is embedded, a hybrid
 * search is a keyword search and a semantic one is refused; after a restart with it on, the memories written
 * meanwhile (the backlog, as after an upgrade) are embedded in the background and found by meaning.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EmbeddingLifecycleIT {

    private static final String QUESTION = "when is my kid's birthday";

    @Test
    void switchedOff_hybridIsKeyword_semanticIsRefused_andTheBacklogIsEmbeddedAfterARestart() throws Exception {
        Path dataDir = RunningServer.freshDirectory("embedding-lifecycle");
        Map<String, String> env = new HashMap<>(TestPlans.withGenerousFree(Map.of(
                "WM_DATA_DIR", dataDir.toString(),
                "WM_EMBEDDED_DB_PORT", Integer.toString(RunningServer.freePort()),
                "WM_ADMIN_TOKEN", SharedServer.ADMIN_TOKEN)));
        Account account;

        env.put("WM_EMBEDDINGS_ENABLED", "false");
        try (RunningServer off = RunningServer.start("embedding-lifecycle-off", env)) {
            ApiClient api = new ApiClient(off.baseUrl().toString());
            account = TestAccounts.create(api);
            for (String content : List.of("Emma turns seven on March 3", "The staging cluster runs three replicas",
                    "Buy oat milk and coffee beans")) {
                assertThat(api.sendJson("POST", "/api/v1/memories", account.key(),
                        "{\"title\":\"Note\",\"content\":\"" + content + "\"}").status()).isEqualTo(201);
            }
            Thread.sleep(2_000);
            assertThat(pending(api, account)).as("nothing is embedded while it is off").isEqualTo(3);
            assertThat(items(api, account, "hybrid")).as("hybrid is a keyword search").isEmpty();
            assertThat(items(api, account, "keyword")).isEmpty();
            JsonObject refused = assertProblem(api.sendJson("POST", "/api/v1/search", account.key(),
                    "{\"query\":\"" + QUESTION + "\",\"mode\":\"semantic\"}"), 400, "validation_failed");
            assertThat(refused.getString("detail")).contains("switched off");
            assertThat(off.log()).doesNotContain("embedding model loaded");
        }

        env.remove("WM_EMBEDDINGS_ENABLED");
        try (RunningServer on = RunningServer.start("embedding-lifecycle-on", env)) {
            ApiClient api = new ApiClient(on.baseUrl().toString());
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (pending(api, account) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(pending(api, account)).as("the backlog is embedded after the restart").isZero();
            List<JsonObject> found = items(api, account, "semantic");
            assertThat(found).hasSize(1);
            assertThat(found.get(0).getString("snippet")).isEqualTo("Emma turns seven on March 3");
            assertThat(items(api, account, "hybrid")).hasSize(1);
            String metrics = api.get("/metrics?scope=application").body();
            assertThat(metrics).contains("wm_embeddings_pending{mp_scope=\"application\"} 0")
                    .containsPattern("wm_embeddings_memories_total\\{mp_scope=\"application\"\\} [1-9]");
        }
    }

    private static long pending(ApiClient api, Account account) {
        ApiClient.Reply stats = api.sendJson("GET", "/api/v1/stats", account.key(), null);
        assertThat(stats.status()).isEqualTo(200);
        return stats.json().getJsonNumber("embeddings_pending").longValue();
    }

    private static List<JsonObject> items(ApiClient api, Account account, String mode) {
        ApiClient.Reply reply = api.sendJson("POST", "/api/v1/search", account.key(),
                "{\"query\":\"" + QUESTION + "\",\"mode\":\"" + mode + "\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }
}
