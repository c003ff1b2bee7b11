package dev.whitemagic.rest.mcp;

import static dev.whitemagic.rest.mcp.Schemas.arguments;
import static dev.whitemagic.rest.mcp.Schemas.oneOf;
import static dev.whitemagic.rest.mcp.Schemas.props;
import static dev.whitemagic.rest.mcp.Schemas.result;
import static dev.whitemagic.rest.mcp.Schemas.tags;
import static dev.whitemagic.rest.mcp.Schemas.text;
import static dev.whitemagic.rest.mcp.Schemas.uuid;
import static dev.whitemagic.rest.mcp.Schemas.whole;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.auth.key.Scope;
import dev.whitemagic.domain.DomainException;
import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.context.ContextTier;
import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.domain.memory.SearchHit;
import dev.whitemagic.domain.memory.SearchMode;
import dev.whitemagic.domain.memory.SearchPage;
import dev.whitemagic.domain.memory.SearchQuery;
import dev.whitemagic.domain.memory.Tags;
import dev.whitemagic.rest.SnakeCaseJsonb;
import dev.whitemagic.rest.context.ContextPackages;
import dev.whitemagic.rest.context.ContextRequest;
import dev.whitemagic.rest.context.ContextResponse;
import dev.whitemagic.rest.error.ConstraintViolationExceptionMapper;
import dev.whitemagic.rest.error.DomainExceptionMapper;
import dev.whitemagic.rest.json.RecordBinder;
import dev.whitemagic.rest.memories.CreateMemoryRequest;
import dev.whitemagic.rest.memories.Memories;
import dev.whitemagic.rest.memories.MemoryResponse;
import dev.whitemagic.rest.memories.UpdateMemoryRequest;
import dev.whitemagic.rest.search.Search;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The seven tools: what {@code tools/list} shows, and each call, which converts its arguments, calls the use case its
 * REST twin calls, and shapes the answer as a human-readable text and, where the answer is data, structured
 * content in the twin's JSON shapes.
 */
@ApplicationScoped
public class McpTools {

    /** A tool's answer: text for a person or a model, data matching its output schema, or a failure. */
    record Result(String text, JsonObject structured, boolean isError) {
        static Result failure(String code, String message) {
            return new Result(code + ": " + message, null, true);
        }
    }

    static final int RECALL_DEFAULT_LIMIT = 5;
    static final int RECALL_MAX_LIMIT = 20;

    private static final String DESCRIBED_TAGS = "Tags: lower-case words or short phrases (1-64 characters each),"
            + " at most 50";

    private final Map<String, Tool> tools = definitions();

    @Inject
    Memories memories;

    @Inject
    Search search;

    @Inject
    ContextPackages contextPackages;

    @Inject
    Validator validator;

    /** The tools a caller with these scopes may call, in a fixed order. */
    List<Tool> allowed(Caller caller) {
        return tools.values().stream().filter(tool -> caller.has(tool.scope())).toList();
    }

    /**
     * Calls a tool.
     *
     * @throws JsonRpcError {@code -32602} for an unknown tool, or arguments that do not fit its input schema
     *                      (an unknown or missing argument, a value of the wrong JSON type)
     */
    Result call(Caller caller, String name, Map<String, Object> arguments) {
        Tool tool = tools.get(name);
        if (tool == null) {
            throw new JsonRpcError(JsonRpcError.INVALID_PARAMS, "unknown tool: " + printable(name) + "; the tools are "
                    + String.join(", ", tools.keySet()));
        }
        checkShape(tool, arguments);
        if (!caller.has(tool.scope())) {
            return Result.failure("insufficient_scope", "this API key lacks the scope " + tool.scope().value()
                    + ", which " + tool.name() + " needs");
        }
        try {
            return switch (name) {
                case "remember" -> remember(caller, bind(CreateMemoryRequest.class, arguments));
                case "recall" -> recall(caller, bind(RecallArguments.class, arguments));
                case "get_context" -> context(caller, bind(ContextRequest.class, arguments));
                case "read_memory" -> read(caller, bind(MemoryIdArguments.class, arguments));
                case "update_memory" -> update(caller, bind(UpdateMemoryArguments.class, arguments));
                case "forget" -> forget(caller, bind(ForgetArguments.class, arguments));
                case "list_tags" -> listTags(caller);
                default -> throw new IllegalStateException("no call for tool " + name);
            };
        } catch (ToolValidation e) {
            return Result.failure("validation_failed", e.getMessage());
        } catch (InvalidInputException e) {
            return Result.failure("validation_failed", e.field() + ": " + e.getMessage());
        } catch (DomainException e) {
            return Result.failure(DomainExceptionMapper.codeOf(e).code(), e.getMessage());
        }
    }

    /** The arguments of a tool call, bound strictly ({@link RecordBinder}). */
    public record RecallArguments(String query, Integer limit, List<String> tags, String mode) {
    }

    /** The arguments of a tool call, bound strictly ({@link RecordBinder}). */
    public record MemoryIdArguments(String id) {
    }

    /** The arguments of a tool call, bound strictly ({@link RecordBinder}). */
    public record UpdateMemoryArguments(String id, String title, String content, String type, List<String> tags) {
    }

    /** The arguments of a tool call, bound strictly ({@link RecordBinder}). */
    public record ForgetArguments(String id, Boolean permanent) {
    }

    private Result remember(Caller caller, CreateMemoryRequest request) {
        validate(request);
        Memories.Created created = memories.create(caller, request, null);
        JsonObject stored = json(created.json());
        String title = stored.getString("title");
        return new Result("Remembered \"" + title + "\" (id " + created.id() + ").",
                McpJson.object().add("id", created.id().toString()).add("title", title).build(), false);
    }

    private Result recall(Caller caller, RecallArguments arguments) {
        if (arguments.query().isBlank()) {
            throw new InvalidInputException("query", "must not be blank");
        }
        int limit = arguments.limit() == null ? RECALL_DEFAULT_LIMIT : arguments.limit();
        if (limit < 1 || limit > RECALL_MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be from 1 to " + RECALL_MAX_LIMIT);
        }
        SearchMode mode = SearchMode.of(arguments.mode());
        SearchPage page = search.search(caller.userId(), new SearchQuery(arguments.query(),
                Tags.normalise(arguments.tags()), null, false, limit, null), mode);
        List<SearchHit> hits = page.items();
        JsonArrayBuilder items = McpJson.array();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < hits.size(); i++) {
            SearchHit hit = hits.get(i);
            Memory memory = hit.memory();
            JsonArrayBuilder tags = McpJson.array();
            memory.getTags().forEach(tags::add);
            items.add(McpJson.object()
                    .add("id", memory.getId().toString())
                    .add("title", memory.getTitle())
                    .add("score", hit.score())
                    .add("snippet", hit.snippet() == null ? "" : hit.snippet())
                    .add("match", hit.match().value())
                    .add("type", memory.getType().value())
                    .add("tags", tags)
                    .add("created_at", memory.getCreatedAt().toString()));
            text.append(i + 1).append(". ").append(memory.getTitle()).append(" (id ").append(memory.getId())
                    .append(String.format(Locale.ROOT, ", score %.3f", hit.score())).append(")");
            if (hit.snippet() != null && !hit.snippet().isBlank()) {
                text.append("\n   ").append(hit.snippet().replace('\n', ' '));
            }
            text.append('\n');
        }
        String answer = hits.isEmpty() ? "No memory matches \"" + arguments.query() + "\"."
                : "Best matches for \"" + arguments.query() + "\":\n" + text.toString().stripTrailing();
        return new Result(answer, McpJson.object().add("items", items).build(), false);
    }

    private Result context(Caller caller, ContextRequest request) {
        ContextTier tier = ContextTier.of(request.tier() == null ? 1 : request.tier());
        ContextResponse response = ContextResponse.of(contextPackages.build(caller.userId(), tier, request.query(),
                request.tags()));
        return new Result(response.context(), json(SnakeCaseJsonb.jsonb().toJson(response)), false);
    }

    private Result read(Caller caller, MemoryIdArguments arguments) {
        Memory memory = memories.get(caller.userId(), id(arguments.id()));
        return memoryResult(memory, null);
    }

    private Result update(Caller caller, UpdateMemoryArguments arguments) {
        UUID id = id(arguments.id());
        UpdateMemoryRequest request = new UpdateMemoryRequest(arguments.title(), arguments.content(), arguments.type(),
                arguments.tags(), null, null);
        validate(request);
        Memory memory = memories.update(caller, id, request.toEdit(), null);
        return memoryResult(memory, "Updated");
    }

    private Result forget(Caller caller, ForgetArguments arguments) {
        Memories.Forgotten forgotten = memories.delete(caller.userId(), id(arguments.id()),
                Boolean.TRUE.equals(arguments.permanent()));
        String outcome = forgotten.outcome().value();
        String text = switch (forgotten.outcome()) {
            case ARCHIVED -> "Archived \"" + forgotten.title() + "\" (id " + forgotten.id()
                    + "); it can be restored.";
            case ALREADY_ARCHIVED -> "\"" + forgotten.title() + "\" (id " + forgotten.id() + ") was already archived.";
            case DELETED -> "Deleted \"" + forgotten.title() + "\" (id " + forgotten.id() + ") for good.";
        };
        return new Result(text, McpJson.object().add("id", forgotten.id().toString())
                .add("title", forgotten.title()).add("outcome", outcome).build(), false);
    }

    private Result listTags(Caller caller) {
        JsonArrayBuilder items = McpJson.array();
        StringBuilder text = new StringBuilder();
        memories.tags(caller.userId()).forEach(tag -> {
            items.add(McpJson.object().add("tag", tag.tag()).add("count", tag.count()));
            text.append(text.length() == 0 ? "" : ", ").append(tag.tag()).append(" (").append(tag.count()).append(')');
        });
        return new Result(text.length() == 0 ? "No tags yet." : "Tags, most used first: " + text,
                McpJson.object().add("items", items).build(), false);
    }

    private static Result memoryResult(Memory memory, String verb) {
        MemoryResponse response = MemoryResponse.of(memory);
        String heading = verb == null ? "" : verb + " the memory.\n\n";
        String text = heading + "# " + response.title() + "\n\n" + response.content() + "\n\n(id " + response.id()
                + ", " + response.type() + ", " + response.status()
                + (response.tags().isEmpty() ? "" : ", tags: " + String.join(", ", response.tags())) + ")";
        return new Result(text, json(SnakeCaseJsonb.jsonb().toJson(response)), false);
    }

    private static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("id", "must be a memory's id (a UUID)");
        }
    }

    private void validate(Object request) {
        Set<ConstraintViolation<Object>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            String message = violations.stream()
                    .map(v -> ConstraintViolationExceptionMapper.fieldName(v) + ": " + v.getMessage())
                    .sorted(Comparator.naturalOrder())
                    .collect(Collectors.joining("; "));
            throw new ToolValidation(message);
        }
    }

    /** Bean Validation's refusals of a tool's arguments, all in one message. */
    static final class ToolValidation extends InvalidInputException {
        ToolValidation(String message) {
            super("arguments", message);
        }
    }

    private static <T> T bind(Class<T> type, Map<String, Object> arguments) {
        try {
            return RecordBinder.bind(type, arguments);
        } catch (ToolValidation e) {
            throw e;
        } catch (InvalidInputException e) {
            throw new JsonRpcError(JsonRpcError.INVALID_PARAMS, "invalid arguments: " + e.field() + " "
                    + e.getMessage());
        }
    }

    /** Unknown and missing arguments are malformed calls, not failures of the tool. */
    private static void checkShape(Tool tool, Map<String, Object> arguments) {
        List<String> unknown = new ArrayList<>();
        for (String name : arguments.keySet()) {
            if (!tool.argumentNames().contains(name)) {
                unknown.add(printable(name));
            }
        }
        if (!unknown.isEmpty()) {
            throw new JsonRpcError(JsonRpcError.INVALID_PARAMS, "invalid arguments: " + tool.name()
                    + " takes no argument " + String.join(", ", unknown) + (tool.argumentNames().isEmpty() ? ""
                    : "; its arguments are " + String.join(", ", tool.argumentNames())));
        }
        for (String required : tool.requiredArguments()) {
            if (!arguments.containsKey(required) || arguments.get(required) == dev.whitemagic.rest.json.JsonTree.NULL) {
                throw new JsonRpcError(JsonRpcError.INVALID_PARAMS, "invalid arguments: " + required
                        + " is required");
            }
        }
    }

    /** A name from the request, shown back only as far as it is a plain token. */
    static String printable(String name) {
        return name != null && name.matches("[A-Za-z0-9_.-]{1,64}") ? "'" + name + "'" : "(a name not shown)";
    }

    private static JsonObject json(String text) {
        return McpJson.read(text);
    }

    private static Map<String, Tool> definitions() {
        Map<String, Tool> tools = new LinkedHashMap<>();
        JsonObjectBuilder memoryType = oneOf("short_term (default): notes of the moment, summarised away over time;"
                + " long_term: durable knowledge", "short_term", "long_term");
        add(tools, new Tool("remember", "Remember",
                "Store a memory that should outlast this conversation: a decision, a fact about the user or the"
                        + " project, a lesson learned. Give it a short title that says what it is about, the full"
                        + " text as content, and tags to find it by. Returns the new memory's id.",
                Scope.MEMORIES_WRITE, false, false, false,
                arguments(props(
                        "title", text("A short title saying what the memory is about", 1, 500),
                        "content", text("The full text to remember", 1, 100_000),
                        "type", memoryType,
                        "tags", tags(DESCRIBED_TAGS)), "title", "content"),
                result(props("id", uuid("The new memory's id"), "title", text("Its title")), "id", "title")));
        add(tools, new Tool("recall", "Recall memories",
                "Find stored memories by meaning and by words: ask in plain language (\"when is my daughter's"
                        + " birthday\"); the words need not match the memory's. Quoted phrases must appear and"
                        + " -words must not. Returns the best matches with id, title, score and a snippet; read a"
                        + " whole memory with read_memory.",
                Scope.MEMORIES_READ, true, false, true,
                arguments(props(
                        "query", text("What to look for, in plain language", 1, SearchQuery.MAX_TEXT_LENGTH),
                        "limit", whole("How many matches at most", 1, RECALL_MAX_LIMIT, RECALL_DEFAULT_LIMIT),
                        "tags", tags("Only memories with all of these tags"),
                        "mode", oneOf("hybrid (default): by meaning and by words; keyword: by words alone;"
                                + " semantic: by meaning alone", "hybrid", "keyword", "semantic")), "query"),
                result(props("items", McpJson.object().add("type", "array")
                        .add("items", McpJson.object(result(props(
                                "id", uuid("The memory's id"),
                                "title", text("Its title"),
                                "score", McpJson.object().add("type", "number")
                                        .add("description", "Higher is better"),
                                "snippet", text("Where it matches"),
                                "match", oneOf("What found it: words, meaning or both", "keyword", "semantic", "both"),
                                "type", oneOf("short_term or long_term", "short_term", "long_term"),
                                "tags", tags("Its tags"),
                                "created_at", Schemas.time("When it was stored")),
                                "id", "title", "score", "snippet", "match")))), "items")));
        add(tools, new Tool("get_context", "Get context",
                "A context package of the user's memories as Markdown, ready to read before answering: the"
                        + " most recent ones, or the best matches of a query. Tier 0 is titles only, 1 (default)"
                        + " summaries, 2 the full texts.",
                Scope.MEMORIES_READ, true, false, true,
                arguments(props(
                        "tier", whole("0: titles, 1: summaries, 2: full texts", 0, 2, 1),
                        "query", text("Best matches of this instead of the most recent", 1,
                                SearchQuery.MAX_TEXT_LENGTH),
                        "tags", tags("Only memories with all of these tags"))),
                result(props(
                        "tier", McpJson.object().add("type", "integer"),
                        "context", text("The Markdown"),
                        "memories_included", McpJson.object().add("type", "integer"),
                        "memory_ids", McpJson.object().add("type", "array")
                                .add("items", uuid("A memory in the package"))),
                        "tier", "context", "memories_included", "memory_ids")));
        add(tools, new Tool("read_memory", "Read a memory",
                "The whole of one memory by its id (as recall or get_context gave it).",
                Scope.MEMORIES_READ, true, false, true,
                arguments(props("id", uuid("The memory's id")), "id"),
                Schemas.memory().build()));
        add(tools, new Tool("update_memory", "Update a memory",
                "Change a memory: only the arguments given change; tags, when given, replace all its tags.",
                Scope.MEMORIES_WRITE, false, true, true,
                arguments(props(
                        "id", uuid("The memory's id"),
                        "title", text("A new title", 1, 500),
                        "content", text("A new full text", 1, 100_000),
                        "type", memoryType,
                        "tags", tags("The new tags, replacing all of them")), "id"),
                Schemas.memory().build()));
        add(tools, new Tool("forget", "Forget a memory",
                "Archive a memory (it is kept and can be restored), or with permanent delete it for good.",
                Scope.MEMORIES_WRITE, false, true, true,
                arguments(props(
                        "id", uuid("The memory's id"),
                        "permanent", McpJson.object().add("type", "boolean").add("default", false)
                                .add("description", "Delete for good instead of archiving")), "id"),
                result(props(
                        "id", uuid("The memory's id"),
                        "title", text("Its title"),
                        "outcome", oneOf("What happened", "archived", "already_archived", "deleted")),
                        "id", "title", "outcome")));
        add(tools, new Tool("list_tags", "List tags",
                "Every tag of the user's active memories with how many carry it, most used first.",
                Scope.MEMORIES_READ, true, false, true,
                arguments(props()),
                result(props("items", McpJson.object().add("type", "array")
                        .add("items", McpJson.object(result(props(
                                "tag", text("The tag"),
                                "count", McpJson.object().add("type", "integer")), "tag", "count")))),
                        "items")));
        return Collections.unmodifiableMap(tools);
    }

    private static void add(Map<String, Tool> tools, Tool tool) {
        tools.put(tool.name(), tool);
    }
}
