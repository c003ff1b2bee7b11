package dev.whitemagic.dist.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The served document as a client generator reads it: swagger-parser (the parser of openapi-generator) finds no
 * error in the JSON or the YAML form, every operation has its own operationId, and no id, time or list is typed
 * as an untyped object or a nested array.
 */
class OpenApiValidityIT {

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private static SwaggerParseResult parse(String text) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(text, null, options);
    }

    @Test
    void bothForms_parseWithoutAnyMessage_andAreTypedAsWhatTheyAre() {
        ApiClient.Reply json = api.get("/openapi", "Accept", "application/json");
        ApiClient.Reply yaml = api.get("/openapi");
        ApiClient.Reply yamlAsked = api.get("/openapi", "Accept", "application/yaml");

        assertThat(json.header("Content-Type")).isEqualToIgnoringCase("application/json;charset=UTF-8");
        assertThat(yaml.header("Content-Type")).isEqualToIgnoringCase("application/yaml;charset=UTF-8");
        assertThat(yamlAsked.status()).as("YAML served to who asks for it by its media type").isEqualTo(200);
        assertThat(yamlAsked.header("Content-Type")).isEqualToIgnoringCase("application/yaml;charset=UTF-8");
        for (ApiClient.Reply reply : List.of(json, yaml, yamlAsked)) {
            SwaggerParseResult result = parse(reply.body());
            assertThat(result.getMessages()).as("validator messages").isEmpty();
            assertThat(result.getOpenAPI()).isNotNull();
            assertThat(reply.body()).doesNotContain("endpoints");
        }
    }

    @Test
    void everyOperation_hasItsOwnOperationId_andTheServerIsRelative() {
        OpenAPI doc = parse(api.get("/openapi", "Accept", "application/json").body()).getOpenAPI();

        List<String> ids = new ArrayList<>();
        doc.getPaths().forEach((path, item) -> item.readOperations().forEach(op -> ids.add(op.getOperationId())));
        assertThat(ids).hasSizeGreaterThanOrEqualTo(28).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(ids).contains("createMemory", "getMemory", "listMemories", "searchMemories", "createKey",
                "adminCreateUser", "getMe", "getUsage");
        assertThat(doc.getServers()).singleElement().satisfies(server -> assertThat(server.getUrl()).isEqualTo("/"));
        Set<String> tags = new HashSet<>();
        doc.getTags().forEach(tag -> assertThat(tags.add(tag.getName())).as("tag " + tag.getName() + " once").isTrue());
    }

    @Test
    void thePublicOperations_sayTheyNeedNoCredential_inBothForms_andTheOthersNameTheSchemes() {
        for (String accept : List.of("application/json", "application/yaml")) {
            OpenAPI doc = parse(api.get("/openapi", "Accept", accept).body()).getOpenAPI();

            assertThat(doc.getPaths().get("/api/v1/version").getGet().getSecurity()).as(accept).isEmpty();
            assertThat(doc.getPaths().get("/webhooks/whop").getPost().getSecurity()).as(accept).isEmpty();
            assertThat(doc.getPaths().get("/api/v1/memories").getPost().getSecurity()).as(accept)
                    .anySatisfy(requirement -> assertThat(requirement).containsKey("apiKeyAuth"));
            doc.getPaths().forEach((path, item) -> item.readOperations().forEach(op ->
                    assertThat(op.getSecurity()).as(accept + " " + path + " " + op.getOperationId()).isNotNull()));
        }
    }

    @Test
    void idsTimesCountsAndLists_haveTheirWireTypes() {
        OpenAPI doc = parse(api.get("/openapi", "Accept", "application/json").body()).getOpenAPI();
        Map<String, Schema> schemas = doc.getComponents().getSchemas();

        Schema<?> memory = schemas.get("Memory");
        assertThat(type(doc, property(memory, "id"))).isEqualTo("string/uuid");
        assertThat(type(doc, property(memory, "created_at"))).isEqualTo("string/date-time");
        assertThat(type(doc, property(memory, "size_bytes"))).isEqualTo("integer/int64");
        assertThat(property(memory, "tags").getItems().getType()).isEqualTo("string");
        assertThat(memory.getRequired()).contains("id", "title", "content", "type", "tags", "status", "created_at");
        assertThat(property(schemas.get("ApiKey"), "scopes").getItems().getType()).isEqualTo("string");
        assertThat(type(doc, property(schemas.get("CreateKeyRequest"), "expires_at"))).isEqualTo("string/date-time");
        assertThat(type(doc, property(schemas.get("Stats"), "total_count"))).isEqualTo("integer/int64");
        assertThat(type(doc, property(schemas.get("SearchHit"), "score"))).isEqualTo("number/double");

        doc.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            for (Parameter parameter : parameters(operation)) {
                String where = method + " " + path + " " + parameter.getName();
                if (parameter.getIn().equals("path")) {
                    assertThat(type(doc, parameter.getSchema())).as(where).isEqualTo("string/uuid");
                }
                if (parameter.getName().equals("limit")) {
                    assertThat(parameter.getSchema().getType()).as(where).isEqualTo("integer");
                    assertThat(parameter.getSchema().getDefault()).as(where).isInstanceOf(Integer.class);
                }
                if ("boolean".equals(parameter.getSchema().getType()) && parameter.getSchema().getDefault() != null) {
                    assertThat(parameter.getSchema().getDefault()).as(where).isEqualTo(false);
                }
            }
        }));
        Parameter status = parameters(doc.getPaths().get("/api/v1/memories").getGet()).stream()
                .filter(p -> p.getName().equals("status")).findFirst().orElseThrow();
        assertThat(status.getSchema().getEnum()).containsExactly("active", "archived", "all");
    }

    @Test
    void answers_nameTheHeadersAndConflictsClientsRead() {
        OpenAPI doc = parse(api.get("/openapi", "Accept", "application/json").body()).getOpenAPI();

        var get = doc.getPaths().get("/api/v1/memories/{id}").getGet().getResponses().get("200");
        assertThat(get.getHeaders()).containsKeys("ETag", "X-Request-ID", "RateLimit");
        var created = doc.getPaths().get("/api/v1/memories").getPost().getResponses();
        assertThat(created.get("201").getHeaders()).containsKeys("Location", "X-Request-ID");
        assertThat(created).containsKey("409");
        assertThat(doc.getPaths().get("/api/v1/admin/users").getPost().getResponses()).containsKey("409");
        assertThat(doc.getComponents().getResponses().get("Unauthorized").getHeaders())
                .containsKeys("WWW-Authenticate", "X-Request-ID");
        assertThat(doc.getComponents().getSchemas().get("Problem").getRequired())
                .contains("type", "status", "code", "request_id").doesNotContain("errors");
    }

    private static List<Parameter> parameters(Operation operation) {
        return operation.getParameters() == null ? List.of() : operation.getParameters();
    }

    private static Schema<?> property(Schema<?> schema, String name) {
        Schema<?> property = schema.getProperties().get(name);
        assertThat(property).as(name).isNotNull();
        return property;
    }

    /** "type/format" of a schema, following a reference. */
    private static String type(OpenAPI doc, Schema<?> schema) {
        Schema<?> target = schema.get$ref() == null ? schema
                : doc.getComponents().getSchemas().get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
        return target.getType() + (target.getFormat() == null ? "" : "/" + target.getFormat());
    }
}
