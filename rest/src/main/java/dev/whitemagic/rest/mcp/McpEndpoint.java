package dev.whitemagic.rest.mcp;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.rest.json.JsonTree;
import dev.whitemagic.rest.version.BuildInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The JSON-RPC side of the MCP endpoint: one message (or, in revision 2025-03-26, a batch) in, the answer out. It
 * is stateless: no session is issued, and {@code tools/list} and {@code tools/call} work without an
 * {@code initialize} before them (an initialize only negotiates the revision, which later requests carry in their
 * {@code MCP-Protocol-Version} header).
 */
@ApplicationScoped
public class McpEndpoint {

    /** The most messages one batch may hold: a batch counts as one request against the plan's limits. */
    static final int MAX_BATCH = 16;

    static final String SERVER_NAME = "whitemagic";

    private static final Pattern WHOLE = Pattern.compile("-?(?:0|[1-9][0-9]{0,17})");

    private static final String INSTRUCTIONS = "WhiteMagic is the user's long-term memory. Before answering about"
            + " past work, decisions or the user, call recall (or get_context for an overview); store durable facts,"
            + " decisions and lessons with remember.";

    /** The answer to one POST: a JSON body with 200, nothing with 202, or a malformed message with 400. */
    public record Answer(int status, JsonValue body, JsonRpcError malformed) {
        static Answer ok(JsonValue body) {
            return new Answer(200, body, null);
        }

        static Answer accepted() {
            return new Answer(202, null, null);
        }

        /** A message that could not be read as JSON-RPC: 400, and the id if one could be read. */
        static Answer malformed(JsonRpcError error, JsonValue id) {
            return new Answer(400, id == null ? JsonValue.NULL : id, error);
        }
    }

    @Inject
    McpTools tools;

    @Inject
    BuildInfo buildInfo;

    /**
     * @param revisionHeader the {@code MCP-Protocol-Version} header, or {@code null}
     * @throws InvalidInputException on {@code MCP-Protocol-Version} if the header names a revision this server does
     *                               not speak (the transport requires a 400 for it)
     */
    public Answer handle(Caller caller, byte[] body, String revisionHeader) {
        Object message;
        try {
            message = JsonTree.parse(body);
        } catch (InvalidInputException e) {
            return Answer.malformed(new JsonRpcError(JsonRpcError.PARSE_ERROR, "Parse error: the body " + e.getMessage()),
                    null);
        }
        if (message == null) {
            return Answer.malformed(new JsonRpcError(JsonRpcError.PARSE_ERROR, "Parse error: the body is empty"), null);
        }
        if (message instanceof List<?> batch) {
            ProtocolRevision revision = headerRevision(revisionHeader);
            if (!revision.batches()) {
                return Answer.malformed(new JsonRpcError(JsonRpcError.INVALID_REQUEST, "Invalid Request: revision "
                        + revision.text() + " has no batches; send one message per request"), null);
            }
            if (batch.isEmpty() || batch.size() > MAX_BATCH) {
                return Answer.malformed(new JsonRpcError(JsonRpcError.INVALID_REQUEST, "Invalid Request: a batch"
                        + " holds 1 to " + MAX_BATCH + " messages"), null);
            }
            JsonArrayBuilder answers = McpJson.array();
            int count = 0;
            for (Object element : batch) {
                Optional<JsonObject> answer = answerInBatch(caller, element, revision);
                if (answer.isPresent()) {
                    answers.add(answer.get());
                    count++;
                }
            }
            return count == 0 ? Answer.accepted() : Answer.ok(answers.build());
        }
        Request request;
        try {
            request = Request.of(message);
        } catch (Malformed e) {
            return Answer.malformed(e.error, e.id);
        }
        if (request == null) {
            return Answer.accepted();
        }
        ProtocolRevision revision = request.method().equals("initialize") ? null : headerRevision(revisionHeader);
        return request.id() == null ? Answer.accepted() : Answer.ok(answer(caller, request, revision));
    }

    private Optional<JsonObject> answerInBatch(Caller caller, Object element, ProtocolRevision revision) {
        Request request;
        try {
            request = Request.of(element);
        } catch (Malformed e) {
            return Optional.of(error(e.id, e.error));
        }
        if (request == null || request.id() == null) {
            return Optional.empty();
        }
        if (request.method().equals("initialize")) {
            return Optional.of(error(request.id(), new JsonRpcError(JsonRpcError.INVALID_REQUEST,
                    "Invalid Request: initialize cannot be part of a batch")));
        }
        return Optional.of(answer(caller, request, revision));
    }

    private static ProtocolRevision headerRevision(String header) {
        if (header == null) {
            return ProtocolRevision.WITHOUT_HEADER;
        }
        return ProtocolRevision.of(header.trim()).orElseThrow(() -> new InvalidInputException(
                ProtocolRevision.HEADER, "must be one of " + ProtocolRevision.known()));
    }

    /** The response to a request (one with an id). */
    private JsonObject answer(Caller caller, Request request, ProtocolRevision revision) {
        try {
            JsonValue result = switch (request.method()) {
                case "initialize" -> initialize(request.params());
                case "ping" -> JsonValue.EMPTY_JSON_OBJECT;
                case "tools/list" -> listTools(caller, request.params(), revision);
                case "tools/call" -> callTool(caller, request.params(), revision);
                default -> throw new JsonRpcError(JsonRpcError.METHOD_NOT_FOUND, "Method not found: "
                        + McpTools.printable(request.method()));
            };
            return McpJson.object().add("jsonrpc", "2.0").add("id", request.id()).add("result", result)
                    .build();
        } catch (JsonRpcError e) {
            return error(request.id(), e);
        }
    }

    private JsonObject initialize(Map<String, Object> params) {
        if (!(params.get("protocolVersion") instanceof String asked)) {
            throw new JsonRpcError(JsonRpcError.INVALID_PARAMS, "Invalid params: protocolVersion is required");
        }
        ProtocolRevision revision = ProtocolRevision.negotiate(asked);
        JsonObjectBuilder server = McpJson.object().add("name", SERVER_NAME);
        if (revision.structured()) {
            server.add("title", "WhiteMagic Cloud");
        }
        server.add("version", buildInfo.version().version());
        return McpJson.object()
                .add("protocolVersion", revision.text())
                .add("capabilities", McpJson.object()
                        .add("tools", McpJson.object().add("listChanged", false)))
                .add("serverInfo", server)
                .add("instructions", INSTRUCTIONS)
                .build();
    }

    private JsonObject listTools(Caller caller, Map<String, Object> params, ProtocolRevision revision) {
        if (params.containsKey("cursor") && params.get("cursor") != JsonTree.NULL) {
            throw new JsonRpcError(JsonRpcError.INVALID_PARAMS, "Invalid params: this server lists every tool at once"
                    + " and issues no cursor");
        }
        JsonArrayBuilder list = McpJson.array();
        tools.allowed(caller).forEach(tool -> list.add(tool.describe(revision)));
        return McpJson.object().add("tools", list).build();
    }

    private JsonObject callTool(Caller caller, Map<String, Object> params, ProtocolRevision revision) {
        if (!(params.get("name") instanceof String name)) {
            throw new JsonRpcError(JsonRpcError.INVALID_PARAMS, "Invalid params: name (the tool) is required");
        }
        Object arguments = params.getOrDefault("arguments", JsonTree.NULL);
        Map<String, Object> given;
        if (arguments == JsonTree.NULL) {
            given = Map.of();
        } else if (arguments instanceof Map<?, ?> object) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) object;
            given = typed;
        } else {
            throw new JsonRpcError(JsonRpcError.INVALID_PARAMS, "Invalid params: arguments must be an object");
        }
        McpTools.Result result = tools.call(caller, name, given);
        JsonObjectBuilder answer = McpJson.object()
                .add("content", McpJson.array().add(McpJson.object()
                        .add("type", "text").add("text", result.text())));
        if (!result.isError() && result.structured() != null && revision.structured()) {
            answer.add("structuredContent", result.structured());
        }
        return answer.add("isError", result.isError()).build();
    }

    private static JsonObject error(JsonValue id, JsonRpcError error) {
        return McpJson.object().add("jsonrpc", "2.0").add("id", id == null ? JsonValue.NULL : id)
                .add("error", McpJson.object().add("code", error.code()).add("message", error.getMessage()))
                .build();
    }

    /** A message that is not JSON-RPC, with the id it carried if that could be read. */
    private static final class Malformed extends Exception {
        final JsonRpcError error;
        final JsonValue id;

        Malformed(String message, JsonValue id) {
            super(message, null, false, false);
            this.error = new JsonRpcError(JsonRpcError.INVALID_REQUEST, "Invalid Request: " + message);
            this.id = id;
        }
    }

    /** A request or notification: a method, its params, and the id (none for a notification). */
    private record Request(JsonValue id, String method, Map<String, Object> params) {

        /** @return the request, or {@code null} for a JSON-RPC response sent by the client (nothing to answer) */
        @SuppressWarnings("unchecked")
        static Request of(Object message) throws Malformed {
            if (!(message instanceof Map<?, ?> object)) {
                throw new Malformed("a message must be a JSON object", null);
            }
            Object rawId = object.get("id");
            JsonValue id = rawId == null ? null : id(rawId);
            if (!"2.0".equals(object.get("jsonrpc"))) {
                throw new Malformed("jsonrpc must be \"2.0\"", id);
            }
            if (!object.containsKey("method") && (object.containsKey("result") || object.containsKey("error"))) {
                return null;
            }
            if (!(object.get("method") instanceof String method)) {
                throw new Malformed("method must be a string", id);
            }
            if (rawId != null && id == null) {
                throw new Malformed("id must be a string or a whole number", null);
            }
            Object params = object.get("params");
            if (params != null && params != JsonTree.NULL && !(params instanceof Map)) {
                throw new Malformed("params must be an object", id);
            }
            return new Request(id, method, params instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of());
        }

        private static JsonValue id(Object raw) {
            if (raw instanceof String text) {
                return McpJson.value(text);
            }
            if (raw instanceof JsonTree.Number number && WHOLE.matcher(number.text()).matches()) {
                return McpJson.value(new BigDecimal(number.text()).longValueExact());
            }
            return null;
        }
    }
}
