package dev.whitemagic.dist.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static dev.whitemagic.dist.http.TestAccounts.bearer;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.TestPlans;
import dev.whitemagic.dist.http.TestAccounts.Account;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The packaged server driven by the official MCP Java SDK's client, as an agent's host would: connect with a key,
 * list the tools, call each (its structured results checked by the client against the tools' output schemas), and
 * meet the same scopes, tenants, caps, windows and metering as a REST caller.
 */
class McpClientIT {

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private static McpSyncClient client(String key, String revision) {
        return client(key, revision, new AtomicInteger());
    }

    /** A client that counts the POSTs it sends (the SDK adds tools/list before its first call, for the schemas). */
    private static McpSyncClient client(String key, String revision, AtomicInteger posts) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(SharedServer.baseUrl().toString())
                .endpoint("/mcp")
                .supportedProtocolVersions(List.of(revision))
                .httpRequestCustomizer((request, method, uri, body, context) -> {
                    request.header("Authorization", "Bearer " + key);
                    if (method.equals("POST")) {
                        posts.incrementAndGet();
                    }
                })
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("whitemagic-it", "1.0"))
                .requestTimeout(Duration.ofSeconds(30))
                .enableCallToolSchemaCaching(true)
                .build();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    /** A connected client: initialize (two POSTs: the request and the initialized notification). */
    private static McpSyncClient connected(String key) {
        return connected(key, new AtomicInteger());
    }

    private static McpSyncClient connected(String key, AtomicInteger posts) {
        McpSyncClient client = client(key, "2025-11-25", posts);
        client.initialize();
        return client;
    }

    private static McpSchema.CallToolResult remember(McpSyncClient client, String title, String content) {
        return client.callTool(new McpSchema.CallToolRequest("remember", Map.of("title", title, "content", content)));
    }

    @SuppressWarnings("unchecked")
    private static String idOf(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(result.toString()).isFalse();
        return (String) ((Map<String, Object>) result.structuredContent()).get("id");
    }

    @Test
    void theSdkClient_connects_listsTheTools_andCallsEach() {
        Account account = TestAccounts.create(api);
        try (McpSyncClient client = client(account.key(), "2025-11-25")) {
            McpSchema.InitializeResult initialized = client.initialize();
            assertThat(initialized.protocolVersion()).isEqualTo("2025-11-25");
            assertThat(initialized.serverInfo().name()).isEqualTo("whitemagic");

            List<McpSchema.Tool> tools = client.listTools().tools();
            assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder("remember", "recall",
                    "get_context", "read_memory", "update_memory", "forget", "list_tags");
            assertThat(tools).filteredOn(tool -> tool.name().equals("recall")).singleElement()
                    .satisfies(tool -> assertThat(tool.annotations().readOnlyHint()).isTrue());

            McpSchema.CallToolResult remembered = client.callTool(new McpSchema.CallToolRequest("remember",
                    Map.of("title", "Emma's birthday", "content", "Emma turns seven on March 3.",
                            "tags", List.of("family"))));
            assertThat(remembered.isError()).isFalse();
            @SuppressWarnings("unchecked")
            String id = (String) ((Map<String, Object>) remembered.structuredContent()).get("id");

            McpSchema.CallToolResult recalled = client.callTool(new McpSchema.CallToolRequest("recall",
                    Map.of("query", "birthday", "mode", "keyword")));
            assertThat(text(recalled)).contains("Emma's birthday").contains(id);

            McpSchema.CallToolResult read = client.callTool(new McpSchema.CallToolRequest("read_memory",
                    Map.of("id", id)));
            assertThat(text(read)).contains("Emma turns seven on March 3.");

            McpSchema.CallToolResult updated = client.callTool(new McpSchema.CallToolRequest("update_memory",
                    Map.of("id", id, "tags", List.of("family", "dates"))));
            assertThat(updated.isError()).isFalse();

            assertThat(text(client.callTool(new McpSchema.CallToolRequest("list_tags", Map.of()))))
                    .contains("family").contains("dates");
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("get_context", Map.of("tier", 2)))))
                    .contains("Emma turns seven");
            McpSchema.CallToolResult forgotten = client.callTool(new McpSchema.CallToolRequest("forget",
                    Map.of("id", id, "permanent", true)));
            assertThat(forgotten.isError()).isFalse();
            assertThat(text(forgotten)).contains("Deleted");

            assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("recal", Map.of("query", "x"))))
                    .isInstanceOf(McpError.class);
        }
    }

    @Test
    void everyRevision_isSpokenToTheSdkClient() {
        Account account = TestAccounts.create(api);
        for (String revision : List.of("2025-06-18", "2025-03-26")) {
            try (McpSyncClient client = client(account.key(), revision)) {
                assertThat(client.initialize().protocolVersion()).isEqualTo(revision);
                assertThat(client.listTools().tools()).hasSize(7);
                McpSchema.CallToolResult tags = client.callTool(new McpSchema.CallToolRequest("list_tags", Map.of()));
                assertThat(tags.isError()).isFalse();
            }
        }
    }

    @Test
    void aReadOnlyKey_seesOnlyTheReadTools_andIsRefusedTheWriteOnes() {
        Account account = TestAccounts.create(api);
        String readOnly = TestAccounts.createKey(api, account.key(),
                "{\"name\":\"reader\",\"scopes\":[\"memories:read\"]}").getString("key");
        String id;
        try (McpSyncClient writer = connected(account.key())) {
            id = idOf(remember(writer, "Standup", "Daily at 9:30."));
        }
        try (McpSyncClient reader = connected(readOnly)) {
            assertThat(reader.listTools().tools()).extracting(McpSchema.Tool::name)
                    .containsExactlyInAnyOrder("recall", "get_context", "read_memory", "list_tags");
            assertThat(text(reader.callTool(new McpSchema.CallToolRequest("read_memory", Map.of("id", id)))))
                    .contains("Daily at 9:30.");
            for (McpSchema.CallToolRequest write : List.of(
                    new McpSchema.CallToolRequest("remember", Map.of("title", "t", "content", "c")),
                    new McpSchema.CallToolRequest("update_memory", Map.of("id", id, "title", "Renamed")),
                    new McpSchema.CallToolRequest("forget", Map.of("id", id)))) {
                McpSchema.CallToolResult refused = reader.callTool(write);
                assertThat(refused.isError()).as(write.name()).isTrue();
                assertThat(text(refused)).as(write.name()).startsWith("insufficient_scope").contains("memories:write");
            }
        }
        ApiClient.Reply unchanged = api.get("/api/v1/memories/" + id, "Authorization", bearer(account.key()));
        assertThat(unchanged.json().getString("title")).isEqualTo("Standup");
        assertThat(unchanged.json().getString("status")).isEqualTo("active");
    }

    @Test
    void anotherTenantsId_isUnknown_andItsMemoryIsNeverShown() {
        Account owner = TestAccounts.create(api);
        Account stranger = TestAccounts.create(api);
        String id;
        try (McpSyncClient client = connected(owner.key())) {
            id = idOf(remember(client, "Salary review", "Ask for the raise in March, private."));
        }
        try (McpSyncClient client = connected(stranger.key())) {
            for (McpSchema.CallToolRequest call : List.of(
                    new McpSchema.CallToolRequest("read_memory", Map.of("id", id)),
                    new McpSchema.CallToolRequest("update_memory", Map.of("id", id, "title", "Mine now")),
                    new McpSchema.CallToolRequest("forget", Map.of("id", id, "permanent", true)))) {
                McpSchema.CallToolResult unknown = client.callTool(call);
                assertThat(unknown.isError()).as(call.name()).isTrue();
                assertThat(text(unknown)).as(call.name()).startsWith("not_found").doesNotContain("Salary")
                        .doesNotContain("raise");
                assertThat(unknown.structuredContent()).as(call.name()).isNull();
            }
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("recall",
                    Map.of("query", "raise March", "mode", "keyword"))))).doesNotContain("Salary");
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("get_context", Map.of()))))
                    .doesNotContain("raise");
        }
        ApiClient.Reply intact = api.get("/api/v1/memories/" + id, "Authorization", bearer(owner.key()));
        assertThat(intact.status()).isEqualTo(200);
        assertThat(intact.json().getString("title")).isEqualTo("Salary review");
    }

    @Test
    void theMemoryCap_refusesRemember_asAToolFailureNamingQuotaExceeded() {
        Account account = TestAccounts.create(api, "enterprise");
        try (McpSyncClient client = connected(account.key())) {
            for (int i = 0; i < TestPlans.ENTERPRISE_MAX_MEMORIES; i++) {
                idOf(remember(client, "m" + i, "c"));
            }
            McpSchema.CallToolResult refused = remember(client, "one more", "c");
            assertThat(refused.isError()).isTrue();
            assertThat(text(refused)).startsWith("quota_exceeded");
        }
        assertThat(api.get("/api/v1/memories", "Authorization", bearer(account.key())).json()
                .getJsonArray("items")).hasSize(TestPlans.ENTERPRISE_MAX_MEMORIES);
    }

    @Test
    void everyPost_countsAgainstTheMinuteWindow() {
        Account account = TestAccounts.create(api, "starter");
        AtomicInteger posts = new AtomicInteger();
        int answered = 0;
        try (McpSyncClient client = connected(account.key(), posts)) {
            while (posts.get() < TestPlans.STARTER_PER_MINUTE) {
                assertThat(client.callTool(new McpSchema.CallToolRequest("list_tags", Map.of())).isError()).isFalse();
                answered = posts.get();
            }
            assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("list_tags", Map.of())))
                    .as("the window's next request").hasMessageContaining("429").hasMessageContaining("rate_limited");
        }
        assertThat(answered).as("POSTs answered before the window closed").isEqualTo(TestPlans.STARTER_PER_MINUTE);
        assertThat(api.get("/api/v1/memories", "Authorization", bearer(account.key())).status())
                .as("the same window as REST").isEqualTo(429);
    }

    @Test
    void everyPost_isMeteredUnderMcp() throws InterruptedException {
        Account account = TestAccounts.create(api);
        AtomicInteger posts = new AtomicInteger();
        try (McpSyncClient client = connected(account.key(), posts)) {
            client.listTools();
            idOf(remember(client, "Metered", "One usage record per POST."));
            client.callTool(new McpSchema.CallToolRequest("list_tags", Map.of()));
        }
        long expected = posts.get();
        assertThat(expected).as("initialize, initialized, tools/list and two calls at least").isGreaterThanOrEqualTo(5);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long metered = 0;
        while (System.nanoTime() < deadline) {
            JsonObject usage = api.get("/api/v1/usage?from=" + today.minusDays(1) + "&to=" + today.plusDays(1),
                    "Authorization", bearer(account.key())).json();
            metered = usage.getJsonArray("days").getValuesAs(JsonObject.class).stream()
                    .map(day -> day.getJsonObject("by_endpoint").get("/mcp"))
                    .filter(count -> count != null).mapToLong(count -> ((JsonNumber) count).longValue()).sum();
            if (metered >= expected) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(metered).as("one usage record with route /mcp per POST").isEqualTo(expected);
    }
}
