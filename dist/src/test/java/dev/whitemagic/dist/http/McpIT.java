package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.TestAccounts.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.TestPlans;
import dev.whitemagic.dist.http.TestAccounts.Account;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /mcp} through raw HTTP on the packaged server: the transport's answers (202, 400, 401, 403, 405, 415,
 * 429), JSON-RPC errors, the revisions, tool results and a seeded fuzz. {@link McpClientIT} drives it with the
 * official MCP Java SDK's client, and checks scopes, tenants, caps, the window and metering there.
 */
class McpIT {

    private static final String NEWEST = "2025-11-25";

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private ApiClient.Reply post(String key, String body, String... headers) {
        List<String> all = new ArrayList<>(List.of("Content-Type", "application/json", "Accept",
                "application/json, text/event-stream"));
        if (key != null) {
            all.addAll(List.of("Authorization", bearer(key)));
        }
        all.addAll(List.of(headers));
        return api.send("POST", "/mcp", HttpRequest.BodyPublishers.ofString(body), all.toArray(String[]::new));
    }

    private static String request(Object id, String method, JsonObject params) {
        var message = Json.createObjectBuilder().add("jsonrpc", "2.0").add("method", method);
        if (id instanceof Integer number) {
            message.add("id", number);
        } else if (id != null) {
            message.add("id", id.toString());
        }
        if (params != null) {
            message.add("params", params);
        }
        return message.build().toString();
    }

    private static String call(int id, String tool, JsonObject arguments) {
        return request(id, "tools/call", Json.createObjectBuilder().add("name", tool).add("arguments", arguments)
                .build());
    }

    /** A tool call's result, in the newest revision. */
    private JsonObject callTool(Account account, String tool, JsonObject arguments) {
        ApiClient.Reply reply = post(account.key(), call(7, tool, arguments), "MCP-Protocol-Version", NEWEST);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonObject answer = reply.json();
        assertThat(answer.getJsonNumber("id").intValue()).isEqualTo(7);
        assertThat(answer.containsKey("error")).as(answer.toString()).isFalse();
        return answer.getJsonObject("result");
    }

    private static String text(JsonObject result) {
        return result.getJsonArray("content").getJsonObject(0).getString("text");
    }

    @Test
    void initialize_answersTheAskedRevision_orTheNewest_andNotificationsAre202() {
        Account account = TestAccounts.create(api);
        for (String revision : List.of("2025-11-25", "2025-06-18", "2025-03-26")) {
            ApiClient.Reply reply = post(account.key(), request(1, "initialize", Json.createObjectBuilder()
                    .add("protocolVersion", revision).add("capabilities", JsonValue.EMPTY_JSON_OBJECT)
                    .add("clientInfo", Json.createObjectBuilder().add("name", "it").add("version", "1")).build()));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            assertThat(reply.header("Content-Type")).startsWith("application/json");
            assertThat(reply.header("Mcp-Session-Id")).as("stateless: no session").isNull();
            JsonObject result = reply.json().getJsonObject("result");
            assertThat(result.getString("protocolVersion")).isEqualTo(revision);
            assertThat(result.getJsonObject("serverInfo").getString("name")).isEqualTo("whitemagic");
            assertThat(result.getJsonObject("serverInfo").getString("version")).isNotBlank();
            assertThat(result.getJsonObject("capabilities").containsKey("tools")).isTrue();
        }
        ApiClient.Reply future = post(account.key(), request("a", "initialize", Json.createObjectBuilder()
                .add("protocolVersion", "2099-01-01").build()));
        assertThat(future.json().getJsonObject("result").getString("protocolVersion")).isEqualTo(NEWEST);
        assertThat(future.json().getString("id")).isEqualTo("a");

        ApiClient.Reply initialized = post(account.key(), request(null, "notifications/initialized", null),
                "MCP-Protocol-Version", NEWEST);
        assertThat(initialized.status()).isEqualTo(202);
        assertThat(initialized.body()).isEmpty();

        ApiClient.Reply ping = post(account.key(), request(9, "ping", null), "MCP-Protocol-Version", NEWEST);
        assertThat(ping.json().getJsonObject("result")).isEmpty();
    }

    @Test
    void everyTool_isListed_withSchemas_andReadToolsAreReadOnly() {
        Account account = TestAccounts.create(api);
        JsonArray tools = post(account.key(), request(2, "tools/list", null), "MCP-Protocol-Version", NEWEST).json()
                .getJsonObject("result").getJsonArray("tools");
        Map<String, JsonObject> byName = new HashMap<>();
        tools.getValuesAs(JsonObject.class).forEach(tool -> byName.put(tool.getString("name"), tool));
        assertThat(byName).containsOnlyKeys("remember", "recall", "get_context", "read_memory", "update_memory",
                "forget", "list_tags");
        for (JsonObject tool : byName.values()) {
            assertThat(tool.getString("title")).isNotBlank();
            assertThat(tool.getString("description")).hasSizeGreaterThan(30);
            assertThat(tool.getJsonObject("inputSchema").getString("type")).isEqualTo("object");
            assertThat(tool.getJsonObject("outputSchema").getString("type")).isEqualTo("object");
            boolean read = List.of("recall", "get_context", "read_memory", "list_tags").contains(tool.getString("name"));
            assertThat(tool.getJsonObject("annotations").getBoolean("readOnlyHint")).as(tool.getString("name"))
                    .isEqualTo(read);
        }
        assertThat(byName.get("recall").getJsonObject("inputSchema").getJsonArray("required"))
                .containsExactly(Json.createValue("query"));
        assertThat(byName.get("recall").getJsonObject("inputSchema").getJsonObject("properties")
                .getJsonObject("limit").getInt("maximum")).isEqualTo(20);

        // 2025-03-26 (no header) knows neither tool titles outside annotations nor output schemas
        JsonObject old = post(account.key(), request(3, "tools/list", null)).json().getJsonObject("result")
                .getJsonArray("tools").getJsonObject(0);
        assertThat(old.containsKey("outputSchema")).isFalse();
        assertThat(old.containsKey("title")).isFalse();
        assertThat(old.getJsonObject("annotations").getString("title")).isNotBlank();
    }

    @Test
    void theTools_storeFindReadUpdateAndForget_likeTheirRestTwins() {
        Account account = TestAccounts.create(api);
        JsonObject remembered = callTool(account, "remember", Json.createObjectBuilder()
                .add("title", "Deploy checklist").add("content", "Run the migrations before the canary rollout.")
                .add("tags", Json.createArrayBuilder().add("Ops")).build());
        assertThat(remembered.getBoolean("isError")).isFalse();
        String id = remembered.getJsonObject("structuredContent").getString("id");
        assertThat(remembered.getJsonObject("structuredContent").getString("title")).isEqualTo("Deploy checklist");
        assertThat(text(remembered)).contains("Deploy checklist").contains(id);
        assertThat(api.get("/api/v1/memories/" + id, "Authorization", bearer(account.key())).status())
                .as("stored as through REST").isEqualTo(200);

        JsonObject recalled = callTool(account, "recall", Json.createObjectBuilder().add("query", "migrations")
                .add("mode", "keyword").build());
        JsonArray items = recalled.getJsonObject("structuredContent").getJsonArray("items");
        assertThat(items).hasSize(1);
        assertThat(items.getJsonObject(0).getString("id")).isEqualTo(id);
        assertThat(items.getJsonObject(0).getJsonNumber("score").doubleValue()).isPositive();
        assertThat(items.getJsonObject(0).getString("snippet")).isNotBlank();

        JsonObject read = callTool(account, "read_memory", Json.createObjectBuilder().add("id", id).build());
        JsonObject memory = read.getJsonObject("structuredContent");
        assertThat(memory.getString("content")).isEqualTo("Run the migrations before the canary rollout.");
        assertThat(memory.getJsonArray("tags")).containsExactly(Json.createValue("ops"));
        assertThat(memory.getString("status")).isEqualTo("active");

        JsonObject updated = callTool(account, "update_memory", Json.createObjectBuilder().add("id", id)
                .add("title", "Deploy checklist v2").add("type", "long_term").build());
        assertThat(updated.getJsonObject("structuredContent").getString("title")).isEqualTo("Deploy checklist v2");
        assertThat(updated.getJsonObject("structuredContent").getString("type")).isEqualTo("long_term");

        JsonObject tags = callTool(account, "list_tags", JsonValue.EMPTY_JSON_OBJECT);
        assertThat(tags.getJsonObject("structuredContent").getJsonArray("items").getJsonObject(0).getString("tag"))
                .isEqualTo("ops");

        JsonObject context = callTool(account, "get_context", Json.createObjectBuilder().add("tier", 2).build());
        assertThat(text(context)).contains("Deploy checklist v2");
        assertThat(context.getJsonObject("structuredContent").getJsonArray("memory_ids"))
                .contains(Json.createValue(id));

        JsonObject archived = callTool(account, "forget", Json.createObjectBuilder().add("id", id).build());
        assertThat(archived.getJsonObject("structuredContent").getString("outcome")).isEqualTo("archived");
        JsonObject again = callTool(account, "forget", Json.createObjectBuilder().add("id", id).build());
        assertThat(again.getJsonObject("structuredContent").getString("outcome")).isEqualTo("already_archived");
        JsonObject deleted = callTool(account, "forget", Json.createObjectBuilder().add("id", id)
                .add("permanent", true).build());
        assertThat(deleted.getJsonObject("structuredContent").getString("outcome")).isEqualTo("deleted");
        assertThat(api.get("/api/v1/memories/" + id, "Authorization", bearer(account.key())).status()).isEqualTo(404);
    }

    @Test
    void failuresInsideATool_areResultsNamingTheirCodeAndField() {
        Account owner = TestAccounts.create(api);
        JsonObject blank = callTool(owner, "remember", Json.createObjectBuilder().add("title", " ")
                .add("content", "x").build());
        assertThat(blank.getBoolean("isError")).isTrue();
        assertThat(text(blank)).startsWith("validation_failed").contains("title");
        JsonObject tooMany = callTool(owner, "recall", Json.createObjectBuilder().add("query", "plan")
                .add("limit", 21).build());
        assertThat(text(tooMany)).startsWith("validation_failed").contains("limit");
        JsonObject badId = callTool(owner, "read_memory", Json.createObjectBuilder().add("id", "nope").build());
        assertThat(text(badId)).startsWith("validation_failed").contains("id");
    }

    @Test
    void malformedMessages_andUnknownMethodsOrTools_areJsonRpcErrors() {
        Account account = TestAccounts.create(api);
        ApiClient.Reply parse = post(account.key(), "{not json");
        assertThat(parse.status()).isEqualTo(400);
        assertThat(parse.header("Content-Type")).startsWith("application/problem+json");
        assertThat(parse.json().getJsonObject("error").getInt("code")).isEqualTo(-32700);
        assertThat(parse.json().get("id")).isEqualTo(JsonValue.NULL);
        assertThat(parse.json().getString("code")).isEqualTo("validation_failed");

        ApiClient.Reply invalid = post(account.key(), "{\"jsonrpc\":\"1.0\",\"id\":4,\"method\":\"ping\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().getJsonObject("error").getInt("code")).isEqualTo(-32600);
        assertThat(invalid.json().getInt("id")).isEqualTo(4);

        JsonObject unknownMethod = post(account.key(), request(5, "resources/list", null), "MCP-Protocol-Version",
                NEWEST).json();
        assertThat(unknownMethod.getJsonObject("error").getInt("code")).isEqualTo(-32601);

        JsonObject unknownTool = post(account.key(), call(6, "recal", Json.createObjectBuilder().build()),
                "MCP-Protocol-Version", NEWEST).json();
        assertThat(unknownTool.getJsonObject("error").getInt("code")).isEqualTo(-32602);
        JsonObject wrongType = post(account.key(), call(7, "recall", Json.createObjectBuilder().add("query", 5).build()),
                "MCP-Protocol-Version", NEWEST).json();
        assertThat(wrongType.getJsonObject("error").getInt("code")).isEqualTo(-32602);
        assertThat(wrongType.getJsonObject("error").getString("message")).contains("query");
        JsonObject missing = post(account.key(), call(8, "recall", Json.createObjectBuilder().build()),
                "MCP-Protocol-Version", NEWEST).json();
        assertThat(missing.getJsonObject("error").getString("message")).contains("query");
        JsonObject unknownArgument = post(account.key(), call(9, "recall", Json.createObjectBuilder()
                .add("query", "x").add("max_results", 3).build()), "MCP-Protocol-Version", NEWEST).json();
        assertThat(unknownArgument.getJsonObject("error").getString("message")).contains("max_results");

        ApiClient.Reply badRevision = post(account.key(), request(1, "ping", null), "MCP-Protocol-Version", "1999-01-01");
        assertThat(badRevision.status()).isEqualTo(400);
        assertThat(badRevision.json().getJsonArray("errors").getJsonObject(0).getString("field"))
                .isEqualTo("MCP-Protocol-Version");
    }

    @Test
    void batches_existOnlyIn2025_03_26() {
        Account account = TestAccounts.create(api);
        String batch = "[" + request(1, "ping", null) + "," + request(null, "notifications/initialized", null) + ","
                + request(2, "tools/list", null) + "]";
        ApiClient.Reply old = post(account.key(), batch);
        assertThat(old.status()).isEqualTo(200);
        JsonArray answers = Json.createReader(new java.io.StringReader(old.body())).readArray();
        assertThat(answers).hasSize(2);
        assertThat(answers.getJsonObject(0).getInt("id")).isEqualTo(1);
        ApiClient.Reply newer = post(account.key(), batch, "MCP-Protocol-Version", NEWEST);
        assertThat(newer.status()).isEqualTo(400);
        assertThat(newer.json().getJsonObject("error").getInt("code")).isEqualTo(-32600);
    }

    @Test
    void theTransport_refusesWhatItDoesNotOffer() {
        Account account = TestAccounts.create(api);
        ApiClient.Reply anonymous = post(null, request(1, "ping", null));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");

        ApiClient.Reply get = api.get("/mcp", "Authorization", bearer(account.key()), "Accept", "text/event-stream");
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).contains("POST");

        ApiClient.Reply foreignPage = post(account.key(), request(1, "ping", null), "Origin", "https://evil.example");
        assertThat(foreignPage.status()).isEqualTo(403);
        ApiClient.Reply allowedPage = post(account.key(), request(1, "ping", null), "Origin", "http://localhost:3000");
        assertThat(allowedPage.status()).isEqualTo(200);

        ApiClient.Reply text = api.send("POST", "/mcp", HttpRequest.BodyPublishers.ofString(request(1, "ping", null)),
                "Authorization", bearer(account.key()), "Content-Type", "text/plain");
        assertThat(text.status()).isEqualTo(415);
    }

    @Test
    void theMinuteWindow_answers429_withRetryAfter() {
        Account account = TestAccounts.create(api, "starter");
        for (int i = 0; i < TestPlans.STARTER_PER_MINUTE; i++) {
            assertThat(post(account.key(), request(i, "ping", null)).status()).isEqualTo(200);
        }
        ApiClient.Reply limited = post(account.key(), request(99, "ping", null));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(limited.json().getString("code")).isEqualTo("rate_limited");
    }

    @Test
    void theOpenApiDocument_describesPostMcp() {
        JsonObject post = api.get("/openapi", "Accept", "application/json").json().getJsonObject("paths")
                .getJsonObject("/mcp").getJsonObject("post");
        assertThat(post.getString("operationId")).isEqualTo("postMcpMessage");
        assertThat(post.getJsonObject("responses").keySet()).contains("200", "202", "400", "401", "413", "415", "429",
                "503");
        assertThat(post.getJsonObject("requestBody").toString()).contains("JsonRpcMessage");
    }

    /**
     * Random tool calls and envelopes (seeded): every answer is 200 (a result or a JSON-RPC error with a known
     * code), 202 or a 400 problem; never a 5xx, never SQL, a class name or another tenant's memory.
     */
    @Test
    void randomMessages_getOnlyKnownAnswers_andLeakNothing() {
        Account owner = TestAccounts.create(api);
        Account fuzzer = TestAccounts.create(api);
        String secret = callTool(owner, "remember", Json.createObjectBuilder().add("title", "Owner only")
                .add("content", "zebra-secret-7").build()).getJsonObject("structuredContent").getString("id");
        java.util.Random random = new java.util.Random(20261207L);
        List<String> tools = List.of("remember", "recall", "get_context", "read_memory", "update_memory", "forget",
                "list_tags", "recal", "");
        List<String> names = List.of("title", "content", "type", "tags", "query", "limit", "mode", "tier", "id",
                "permanent", "x");
        List<String> values = List.of("\"t\"", "\"\"", "\"   \"", "5", "-1", "0", "21", "1.5", "true", "null", "[]",
                "[\"a\"]", "[1]", "{}", "\"" + secret + "\"", "\"not-a-uuid\"", "\"semantic\"", "\"bogus\"",
                "\"short_term\"", "\"a\\u0000b\"", "\"" + "x".repeat(1200) + "\"", "99999999999999999999");
        List<String> envelopes = List.of("{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":\"tools/call\",\"params\":%s}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":%2$s}",
                "{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":\"tools/list\",\"params\":%s}",
                "[{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":\"tools/call\",\"params\":%s}]",
                "{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":\"tools/call\",\"params\":%s");
        List<String> ids = List.of("1", "\"a\"", "null", "true", "1.5", "{}");
        List<Integer> rpcCodes = List.of(-32700, -32600, -32601, -32602);
        for (int i = 0; i < 300; i++) {
            StringBuilder arguments = new StringBuilder("{");
            int count = random.nextInt(4);
            for (int a = 0; a < count; a++) {
                arguments.append(a == 0 ? "" : ",").append('"').append(names.get(random.nextInt(names.size())))
                        .append("\":").append(values.get(random.nextInt(values.size())));
            }
            arguments.append('}');
            String params = "{\"name\":\"" + tools.get(random.nextInt(tools.size())) + "\",\"arguments\":"
                    + (random.nextInt(10) == 0 ? "[]" : arguments) + "}";
            String body = String.format(envelopes.get(random.nextInt(envelopes.size())),
                    ids.get(random.nextInt(ids.size())), params);
            ApiClient.Reply reply = post(fuzzer.key(), body, "MCP-Protocol-Version",
                    random.nextBoolean() ? NEWEST : "2025-03-26");
            assertThat(reply.status()).as(body + " -> " + reply).isIn(200, 202, 400);
            assertThat(reply.body()).as(body).doesNotContain("zebra-secret").doesNotContain("Owner only")
                    .doesNotContain("Exception").doesNotContain("dev.whitemagic").doesNotContain("SELECT ")
                    .doesNotContain("org.hibernate");
            if (reply.status() == 400) {
                assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
            }
            if (reply.status() == 200 && reply.body().startsWith("{")) {
                JsonObject answer = reply.json();
                if (answer.containsKey("error")) {
                    assertThat(answer.getJsonObject("error").getInt("code")).as(body).isIn(rpcCodes);
                } else if (answer.getJsonObject("result").containsKey("isError")
                        && answer.getJsonObject("result").getBoolean("isError")) {
                    assertThat(text(answer.getJsonObject("result"))).as(body)
                            .matches("(validation_failed|not_found|quota_exceeded|insufficient_scope|conflict): .+");
                }
            }
        }
        assertThat(api.get("/api/v1/memories/" + secret, "Authorization", bearer(owner.key())).status())
                .as("the owner's memory, untouched by the stranger's calls").isEqualTo(200);
    }
}
