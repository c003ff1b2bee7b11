package dev.whitemagic.rest.openapi;

import dev.whitemagic.domain.memory.PageSize;
import dev.whitemagic.rest.SnakeCaseJsonb;
import dev.whitemagic.rest.http.QueryFlags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.tags.Tag;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Makes the published document say what the service does, in one place rather than on every method:
 * <ul>
 *   <li>property names in {@code snake_case}, as JSON-B writes them (the scanner reports Java names);</li>
 *   <li>the problem answers every operation can give (401, 403, 404, 400, 413, 415, 429, 500, and 503 wherever the
 *       database is asked: a statement timeout or no connection in time), each a
 *       reference to one shared response with the {@code Problem} schema; the memory writes that a plan's caps can
 *       refuse get a 403 that names {@code quota_exceeded} too (the webhook under {@code /webhooks} declares its
 *       own 401 and 404, and takes any media type);</li>
 *   <li>the rate-limit fields ({@code RateLimit-Policy}, {@code RateLimit}, {@code X-RateLimit-*}) on the
 *       answers of every API-key operation, and {@code Retry-After} on 429 and 503;</li>
 *   <li>the list wrappers ({@code {"items": [...]}}) that a generic record cannot describe;</li>
 *   <li>the usage report's types, which the scanner gets wrong (a date as an object, counts as any number, the
 *       list of days without its item schema);</li>
 *   <li>no annotation defaults that Payara copies in and that change meaning ({@code maxProperties: 0}
 *       forbids every property);</li>
 *   <li>what a generated client needs: one unique {@code operationId} per operation, each tag once, a relative
 *       server URL, path ids as UUID strings, typed query parameters (integer limits with their bounds, boolean
 *       defaults as booleans, the enums of {@code type} and {@code status}), lists of strings as such (the scanner
 *       nests an annotated {@code List<String>} as an array of arrays), {@code required} on every answer's
 *       non-nullable fields, {@code security: []} on the public operations, and the headers clients read
 *       ({@code X-Request-ID} everywhere, {@code ETag}, {@code Location}, {@code WWW-Authenticate}).</li>
 * </ul>
 */
public class OpenApiDocumentFilter implements OASFilter {

    private static final String PROBLEM_MEDIA_TYPE = "application/problem+json";
    private static final String API = "/api/v1/";
    private static final List<String> PUBLIC = List.of("/api/v1/version");
    private static final String MCP = "/mcp";

    /** The operations that a plan's memory or storage cap can refuse: creates and edits that grow a memory. */
    private static final Map<String, List<PathItem.HttpMethod>> CAPPED = Map.of(
            "/api/v1/memories", List.of(PathItem.HttpMethod.POST),
            "/api/v1/memories/{id}", List.of(PathItem.HttpMethod.PATCH, PathItem.HttpMethod.PUT));

    /** Shared responses: name, status, description. */
    private static final String[][] RESPONSES = {
            {"BadRequest", "400", "validation_failed: malformed JSON, a wrong type, or a value out of range (see errors)"},
            {"Unauthorized", "401", "unauthorized (no credential) or invalid_api_key (malformed, unknown, revoked or expired)"},
            {"Forbidden", "403", "insufficient_scope: the key lacks the scope this operation needs"},
            {"ForbiddenOrQuotaExceeded", "403", "insufficient_scope: the key lacks the scope this operation needs; or "
                    + "quota_exceeded: the memory would pass the plan's memory or storage cap (nothing was stored)"},
            {"NotFound", "404", "not_found: no such resource for this caller"},
            {"Conflict", "409", "conflict: the request collides with the current state"},
            {"PayloadTooLarge", "413", "payload_too_large: the body is larger than wm.http.max-body-bytes"},
            {"UnsupportedMediaType", "415", "unsupported_media_type: the body must be application/json"},
            {"TooManyRequests", "429", "rate_limited: see Retry-After"},
            {"InternalError", "500", "internal_error: an unexpected failure; quote request_id when reporting it"},
            {"ServiceUnavailable", "503", "service_unavailable: the service cannot answer right now; see Retry-After"},
    };

    /** The rate-limit fields on every answer to an API-key request: name, description. */
    private static final String[][] RATE_LIMIT_HEADERS = {
            {"RateLimit-Policy", "The plan's windows: \"minute\";q=60;w=60, \"day\";q=5000;w=86400, "
                    + "\"month\";q=100000;w=2678400 (IETF httpapi rate-limit fields, draft 11)"},
            {"RateLimit", "The window nearest to running out (smallest remaining share, the shorter on a tie): "
                    + "\"minute\";r=42;t=18 (r requests left, t seconds until it opens again)"},
            {"X-RateLimit-Limit", "Requests the window of RateLimit admits"},
            {"X-RateLimit-Remaining", "Requests left in that window"},
            {"X-RateLimit-Reset", "When that window opens again, in Unix seconds"},
    };

    /** One operationId per operation, named for what it does, so a generated client's methods are unique. */
    private static final Map<String, String> OPERATION_IDS = Map.ofEntries(
            Map.entry("POST /api/v1/admin/users", "adminCreateUser"),
            Map.entry("GET /api/v1/admin/users", "adminFindUser"),
            Map.entry("GET /api/v1/admin/users/{id}", "adminGetUser"),
            Map.entry("PATCH /api/v1/admin/users/{id}", "adminChangePlan"),
            Map.entry("DELETE /api/v1/admin/users/{id}", "adminDeleteUser"),
            Map.entry("POST /api/v1/admin/users/{id}/keys", "adminIssueKey"),
            Map.entry("POST /api/v1/consolidate", "consolidate"),
            Map.entry("POST /api/v1/context", "getContext"),
            Map.entry("POST /api/v1/keys", "createKey"),
            Map.entry("GET /api/v1/keys", "listKeys"),
            Map.entry("GET /api/v1/keys/self", "getCallingKey"),
            Map.entry("DELETE /api/v1/keys/{id}", "revokeKey"),
            Map.entry("POST /api/v1/keys/{id}/rotate", "rotateKey"),
            Map.entry("GET /api/v1/me", "getMe"),
            Map.entry("POST /api/v1/memories", "createMemory"),
            Map.entry("GET /api/v1/memories", "listMemories"),
            Map.entry("GET /api/v1/memories/{id}", "getMemory"),
            Map.entry("PATCH /api/v1/memories/{id}", "updateMemory"),
            Map.entry("PUT /api/v1/memories/{id}", "replaceMemoryFields"),
            Map.entry("DELETE /api/v1/memories/{id}", "deleteMemory"),
            Map.entry("POST /api/v1/memories/{id}/restore", "restoreMemory"),
            Map.entry("POST /api/v1/search", "searchMemories"),
            Map.entry("GET /api/v1/search", "searchMemoriesByQuery"),
            Map.entry("GET /api/v1/stats", "getStats"),
            Map.entry("GET /api/v1/tags", "listTags"),
            Map.entry("GET /api/v1/usage", "getUsage"),
            Map.entry("GET /api/v1/version", "getVersion"),
            Map.entry("POST /webhooks/whop", "receiveWhopEvent"),
            Map.entry("POST /mcp", "postMcpMessage"));

    /** Operations that answer 409 for a reason of their own: a reused Idempotency-Key, a taken email. */
    private static final Set<String> CONFLICTING = Set.of("POST /api/v1/memories", "POST /api/v1/admin/users");

    /** Operations whose 2xx answer carries the resource's ETag. */
    private static final Set<String> WITH_ETAG = Set.of("GET /api/v1/memories/{id}", "PATCH /api/v1/memories/{id}",
            "PUT /api/v1/memories/{id}", "POST /api/v1/memories/{id}/restore");

    /** The enums of query parameters, by name. */
    private static final Map<String, List<String>> QUERY_ENUMS = Map.of(
            "type", List.of("short_term", "long_term"),
            "status", List.of("active", "archived", "all"),
            "mode", List.of("hybrid", "keyword", "semantic"));

    /** Where a reference to a shared schema points. */
    private static final String SCHEMAS = "#/components/schemas/";

    @Override
    public Schema filterSchema(Schema schema) {
        String ref = schema.getRef();
        if (ref != null && ref.startsWith(SCHEMAS) && isQualified(ref.substring(SCHEMAS.length()))) {
            schema.setRef(SCHEMAS + simpleName(ref.substring(SCHEMAS.length())));
        }
        clearDefaults(schema);
        if (SchemaTypes.is(schema, Schema.SchemaType.NUMBER)
                && ("int64".equals(schema.getFormat()) || "int32".equals(schema.getFormat()))) {
            // The scanner keeps "number" for a Java long even where its @Schema says integer; the format says it.
            SchemaTypes.set(schema, Schema.SchemaType.INTEGER);
        }
        Schema items = schema.getItems();
        if (SchemaTypes.is(schema, Schema.SchemaType.ARRAY) && items != null && items.getRef() == null
                && SchemaTypes.is(items, Schema.SchemaType.ARRAY) && items.getItems() == null) {
            // Every annotated list of the API is a list of strings.
            schema.setItems(SchemaTypes.of(Schema.SchemaType.STRING));
        }
        Map<String, Schema> properties = schema.getProperties();
        if (properties != null && properties.keySet().stream().anyMatch(OpenApiDocumentFilter::hasUpperCase)) {
            Map<String, Schema> renamed = new LinkedHashMap<>();
            properties.forEach((name, property) -> renamed.put(SnakeCaseJsonb.snakeCase(name), property));
            schema.setProperties(renamed);
            if (schema.getRequired() != null) {
                schema.setRequired(schema.getRequired().stream().map(SnakeCaseJsonb::snakeCase).toList());
            }
        }
        return schema;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        if (components.getSchemas() != null) {
            // SmallRye OpenAPI 4 (WildFly) names the shared JDK types by their class (java.util.UUID), 3 (Payara) by
            // their simple name (UUID): the simple name on both, so that a generated client is the same whichever
            // server published the document (filterSchema rewrites the references).
            for (String name : List.copyOf(components.getSchemas().keySet())) {
                if (isQualified(name) && !components.getSchemas().containsKey(simpleName(name))) {
                    Schema shared = components.getSchemas().get(name);
                    components.removeSchema(name);
                    components.addSchema(simpleName(name), shared);
                }
            }
        }
        for (String[] response : RESPONSES) {
            components.addResponse(response[0], OASFactory.createAPIResponse()
                    .description(response[2])
                    .content(OASFactory.createContent().addMediaType(PROBLEM_MEDIA_TYPE,
                            OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem")))));
        }
        for (String[] header : RATE_LIMIT_HEADERS) {
            components.addHeader(header[0], OASFactory.createHeader().description(header[1])
                    .schema(SchemaTypes.of(header[0].startsWith("X-")
                            ? Schema.SchemaType.INTEGER : Schema.SchemaType.STRING)));
        }
        components.addHeader("Retry-After", OASFactory.createHeader()
                .description("Seconds until the request may be retried")
                .schema(SchemaTypes.of(Schema.SchemaType.INTEGER)));
        APIResponse tooMany = components.getResponses().get("TooManyRequests");
        tooMany.addHeader("Retry-After", OASFactory.createHeader().ref("Retry-After"));
        addRateLimitHeaders(tooMany);
        components.getResponses().get("ServiceUnavailable")
                .addHeader("Retry-After", OASFactory.createHeader().ref("Retry-After"));
        components.addSchema("ApiKeyList", itemsOf("ApiKey"));
        components.addSchema("AdminUserList", itemsOf("AdminUser"));
        components.addSchema("TagCountList", itemsOf("TagCount"));
        describeJsonRpc(components);
        components.addHeader("X-Request-ID", OASFactory.createHeader()
                .description("The request's id: the client's own when it is 1-128 characters of [A-Za-z0-9._:-], "
                        + "else a fresh one; request_id of a problem says the same")
                .schema(SchemaTypes.of(Schema.SchemaType.STRING)));
        components.addHeader("WWW-Authenticate", OASFactory.createHeader()
                .description("Bearer realm=\"whitemagic\"")
                .schema(SchemaTypes.of(Schema.SchemaType.STRING)));
        components.getResponses().get("Unauthorized")
                .addHeader("WWW-Authenticate", OASFactory.createHeader().ref("WWW-Authenticate"));
        components.getResponses().values()
                .forEach(answer -> answer.addHeader("X-Request-ID", OASFactory.createHeader().ref("X-Request-ID")));
        describeUsage(components);
        requireNonNullableFields(components);
        if (components.getSchemas() != null) {
            // The generic list record; every list answer has a schema of its own (ApiKeyList, …).
            components.removeSchema("Items");
        }
        openAPI.setServers(List.of(OASFactory.createServer().url("/")
                .description("The server that serves this document")));
        if (openAPI.getTags() != null) {
            Map<String, Tag> unique = new LinkedHashMap<>();
            openAPI.getTags().forEach(tag -> unique.merge(tag.getName(), tag,
                    (first, later) -> first.getDescription() != null ? first : later));
            openAPI.setTags(new ArrayList<>(unique.values()));
        }
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
                String key = entry.getKey() + " " + path;
                Operation operation = entry.getValue();
                operation.setOperationId(OPERATION_IDS.getOrDefault(key, operation.getOperationId()));
                typeParameters(path, operation);
                if (PUBLIC.contains(path) || path.startsWith("/webhooks/")) {
                    operation.setSecurity(new ArrayList<>());
                }
                if (CONFLICTING.contains(key)) {
                    add(operation.getResponses(), "409", "Conflict");
                }
                addProblemAnswers(path, entry.getKey(), operation);
                describeSuccess(key, operation);
            }
        });
    }

    /** Whether a shared schema's name is a qualified class name ({@code java.time.Instant}). */
    private static boolean isQualified(String name) {
        return name.indexOf('.') > 0;
    }

    private static String simpleName(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** Path ids are UUIDs; limits integers within their page size; boolean defaults booleans; enums listed. */
    private static void typeParameters(String path, Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            Schema schema = parameter.getSchema();
            if (schema == null) {
                continue;
            }
            if (parameter.getIn() == Parameter.In.PATH && SchemaTypes.is(schema, Schema.SchemaType.OBJECT)) {
                parameter.setSchema(SchemaTypes.of(Schema.SchemaType.STRING).format("uuid"));
            } else if (parameter.getIn() == Parameter.In.QUERY && parameter.getName().equals("limit")) {
                PageSize size = path.endsWith("/search") ? PageSize.SEARCH : PageSize.LIST;
                parameter.setSchema(SchemaTypes.of(Schema.SchemaType.INTEGER).format("int32")
                        .minimum(java.math.BigDecimal.ONE).maximum(java.math.BigDecimal.valueOf(size.max()))
                        .defaultValue(size.of(null)));
            } else if (parameter.getIn() == Parameter.In.QUERY && QueryFlags.NAMES.contains(parameter.getName())) {
                parameter.setSchema(SchemaTypes.of(Schema.SchemaType.BOOLEAN).defaultValue(false));
            } else if (SchemaTypes.is(schema, Schema.SchemaType.BOOLEAN) && schema.getDefaultValue() instanceof String text) {
                schema.setDefaultValue(Boolean.parseBoolean(text));
            } else if (parameter.getIn() == Parameter.In.QUERY && QUERY_ENUMS.containsKey(parameter.getName())) {
                schema.setEnumeration(new ArrayList<>(QUERY_ENUMS.get(parameter.getName())));
            }
        }
    }

    /** The headers of the operation's own answers: X-Request-ID, ETag and Last-Modified, Location on a 201. */
    private static void describeSuccess(String key, Operation operation) {
        if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
            return;
        }
        operation.getResponses().getAPIResponses().forEach((status, answer) -> {
            if (answer.getRef() != null) {
                return;
            }
            answer.addHeader("X-Request-ID", OASFactory.createHeader().ref("X-Request-ID"));
            if (status.equals("201")) {
                answer.addHeader("Location", OASFactory.createHeader().description("Where the created resource is")
                        .schema(SchemaTypes.of(Schema.SchemaType.STRING)));
            }
            if ((status.startsWith("2") || status.equals("304")) && WITH_ETAG.contains(key)) {
                answer.addHeader("ETag", OASFactory.createHeader()
                        .description("The memory's entity tag, for If-Match and If-None-Match")
                        .schema(SchemaTypes.of(Schema.SchemaType.STRING)));
                answer.addHeader("Last-Modified", OASFactory.createHeader()
                        .description("When the memory last changed (updated_at, to the second), as an HTTP date in "
                                + "GMT: Sun, 06 Dec 2026 10:00:00 GMT")
                        .schema(SchemaTypes.of(Schema.SchemaType.STRING)));
            }
        });
    }

    /**
     * Marks the fields of every answer schema that are never null as required, so a generated client can rely on
     * them; request schemas keep their own {@code required} (what a client must send).
     */
    private static void requireNonNullableFields(Components components) {
        if (components.getSchemas() == null) {
            return;
        }
        Schema problem = components.getSchemas().get("Problem");
        if (problem != null) {
            // errors comes only with validation_failed; detail is there, null when there is nothing to add.
            problem.setRequired(List.of("type", "title", "status", "detail", "instance", "code", "request_id"));
        }
        components.getSchemas().forEach((name, schema) -> {
            if (name.endsWith("Request") || name.startsWith("Whop") || schema.getProperties() == null
                    || schema.getRequired() != null && !schema.getRequired().isEmpty()) {
                return;
            }
            Set<String> required = new LinkedHashSet<>();
            schema.getProperties().forEach((property, type) -> {
                if (!SchemaTypes.isNullable(type)) {
                    required.add(property);
                }
            });
            schema.setRequired(new ArrayList<>(required));
        });
    }

    private static void addProblemAnswers(String path, PathItem.HttpMethod method, Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        boolean authenticated = path.startsWith(API) && !PUBLIC.contains(path) || path.equals(MCP);
        boolean hasBody = operation.getRequestBody() != null;
        boolean hasParameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        if (hasBody || hasParameters) {
            add(responses, "400", "BadRequest");
        }
        if (authenticated) {
            // The operation's own answers (2xx) carry the rate-limit fields; the shared problem answers are
            // references and cannot, except 429, whose component has them.
            if (responses.getAPIResponses() != null) {
                responses.getAPIResponses().values().stream()
                        .filter(answer -> answer.getRef() == null)
                        .forEach(OpenApiDocumentFilter::addRateLimitHeaders);
            }
            add(responses, "401", "Unauthorized");
            add(responses, "403", CAPPED.getOrDefault(path, List.of()).contains(method) ? "ForbiddenOrQuotaExceeded"
                    : "Forbidden");
            add(responses, "429", "TooManyRequests");
        }
        if (authenticated || path.startsWith("/webhooks/")) {
            // Database work is bounded (statement timeout, connection wait): past a bound the answer is 503.
            add(responses, "503", "ServiceUnavailable");
        }
        if (path.contains("{") || path.startsWith("/api/v1/admin")) {
            add(responses, "404", "NotFound");
        }
        if (hasBody) {
            add(responses, "413", "PayloadTooLarge");
            // Webhooks take whatever media type their sender signed; only the API insists on JSON.
            if (path.startsWith(API) || path.equals(MCP)) {
                add(responses, "415", "UnsupportedMediaType");
            }
        }
        add(responses, "500", "InternalError");
    }

    private static void addRateLimitHeaders(APIResponse answer) {
        for (String[] header : RATE_LIMIT_HEADERS) {
            answer.addHeader(header[0], OASFactory.createHeader().ref(header[0]));
        }
    }

    private static void add(APIResponses responses, String status, String name) {
        if (responses.getAPIResponse(status) == null) {
            APIResponse reference = OASFactory.createAPIResponse().ref(name);
            responses.addAPIResponse(status, reference);
        }
    }

    /**
     * The envelope of {@code POST /mcp}: a JSON-RPC 2.0 message and its response. Plain objects with open params and
     * result (what they hold is the MCP method's own business), so that generated clients can still send them.
     */
    private static void describeJsonRpc(Components components) {
        Schema id = SchemaTypes.nullable(OASFactory.createSchema()
                .description("A string or a whole number; absent in a notification"));
        components.addSchema("JsonRpcMessage", SchemaTypes.of(Schema.SchemaType.OBJECT)
                .description("A JSON-RPC 2.0 request or notification (revision 2025-03-26 also takes an array of up"
                        + " to 16)")
                .addProperty("jsonrpc", SchemaTypes.of(Schema.SchemaType.STRING)
                        .enumeration(List.of("2.0")))
                .addProperty("id", id)
                .addProperty("method", SchemaTypes.of(Schema.SchemaType.STRING)
                        .description("initialize, ping, tools/list, tools/call, or a notification"))
                .addProperty("params", SchemaTypes.of(Schema.SchemaType.OBJECT)
                        .additionalPropertiesBoolean(true))
                .required(List.of("jsonrpc", "method")));
        components.addSchema("JsonRpcResponse", SchemaTypes.of(Schema.SchemaType.OBJECT)
                .description("A JSON-RPC 2.0 response: result or error")
                .addProperty("jsonrpc", SchemaTypes.of(Schema.SchemaType.STRING)
                        .enumeration(List.of("2.0")))
                .addProperty("id", id)
                .addProperty("result", SchemaTypes.of(Schema.SchemaType.OBJECT)
                        .additionalPropertiesBoolean(true))
                .addProperty("error", SchemaTypes.of(Schema.SchemaType.OBJECT)
                        .addProperty("code", SchemaTypes.of(Schema.SchemaType.INTEGER))
                        .addProperty("message", SchemaTypes.of(Schema.SchemaType.STRING))
                        .required(List.of("code", "message")))
                .required(List.of("jsonrpc")));
    }

    private static Schema itemsOf(String itemSchema) {
        return SchemaTypes.of(Schema.SchemaType.OBJECT)
                .addProperty("items", SchemaTypes.of(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema().ref(itemSchema)))
                .required(List.of("items"));
    }

    private static void describeUsage(Components components) {
        Map<String, Schema> schemas = components.getSchemas();
        if (schemas == null) {
            return;
        }
        Schema day = schemas.get("UsageDay");
        if (day != null && day.getProperties() != null) {
            retype(day, "date", Schema.SchemaType.STRING, "date");
            retype(day, "requests", Schema.SchemaType.INTEGER, "int64");
            retype(day, "errors", Schema.SchemaType.INTEGER, "int64");
            retype(day, "avg_response_ms", Schema.SchemaType.NUMBER, "double");
            Schema byEndpoint = day.getProperties().get("by_endpoint");
            if (byEndpoint != null) {
                SchemaTypes.set(byEndpoint, Schema.SchemaType.OBJECT).additionalPropertiesSchema(
                        SchemaTypes.of(Schema.SchemaType.INTEGER).format("int64"));
            }
            day.setRequired(List.of("date", "requests", "errors", "avg_response_ms", "by_endpoint"));
        }
        Schema usage = schemas.get("Usage");
        if (usage != null && usage.getProperties() != null && usage.getProperties().get("days") != null) {
            SchemaTypes.set(usage.getProperties().get("days"), Schema.SchemaType.ARRAY)
                    .items(OASFactory.createSchema().ref("UsageDay"));
            usage.setRequired(List.of("days"));
        }
    }

    private static void retype(Schema schema, String property, Schema.SchemaType type, String format) {
        Schema target = schema.getProperties().get(property);
        if (target != null) {
            SchemaTypes.set(target, type).format(format);
        }
    }

    private static void clearDefaults(Schema schema) {
        if (isZero(schema.getMaxProperties())) {
            schema.setMaxProperties(null);
        }
        if (isZero(schema.getMinProperties())) {
            schema.setMinProperties(null);
        }
        if (isZero(schema.getMinLength())) {
            schema.setMinLength(null);
        }
        if (isZero(schema.getMinItems())) {
            schema.setMinItems(null);
        }
        SchemaTypes.clearFalseFlags(schema);
        if (Boolean.FALSE.equals(schema.getUniqueItems())) {
            schema.setUniqueItems(null);
        }
        if (Boolean.FALSE.equals(schema.getReadOnly())) {
            schema.setReadOnly(null);
        }
        if (Boolean.FALSE.equals(schema.getWriteOnly())) {
            schema.setWriteOnly(null);
        }
        if (Boolean.FALSE.equals(schema.getDeprecated())) {
            schema.setDeprecated(null);
        }
    }

    private static boolean isZero(Integer value) {
        return value != null && value == 0;
    }

    private static boolean hasUpperCase(String name) {
        return !name.equals(name.toLowerCase(java.util.Locale.ROOT));
    }
}
