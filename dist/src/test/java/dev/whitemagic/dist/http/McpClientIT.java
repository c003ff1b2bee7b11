package dev.whitemagic.dist.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.http.TestAccounts.Account;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged server driven by the official MCP Java SDK's client, as an agent's host would: connect with a key,
 * list the tools, call each (its structured results checked by the client against the tools' output schemas).
 */
class McpClientIT {

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private static McpSyncClient client(String key, String revision) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(SharedServer.baseUrl().toString())
                .endpoint("/mcp")
                .supportedProtocolVersions(List.of(revision))
                .httpRequestCustomizer((request, method, uri, body, context) ->
                        request.header("Authorization", "Bearer " + key))
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
}
