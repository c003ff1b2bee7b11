package dev.whitemagic.rest.mcp;

import dev.whitemagic.auth.key.Scope;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Set;

/**
 * One tool as {@code tools/list} shows it: its name, what it needs, how it is described to a model, and the JSON
 * Schemas of its arguments and its structured result.
 */
record Tool(String name, String title, String description, Scope scope, boolean readOnly, boolean destructive,
            boolean idempotent, JsonObject inputSchema, JsonObject outputSchema) {

    /** The argument names the input schema lists. */
    Set<String> argumentNames() {
        return inputSchema.getJsonObject("properties").keySet();
    }

    /** The argument names the input schema requires. */
    Set<String> requiredArguments() {
        return inputSchema.containsKey("required")
                ? Set.copyOf(inputSchema.getJsonArray("required").getValuesAs(jakarta.json.JsonString::getString))
                : Set.of();
    }

    /** The tool as {@code tools/list} shows it in {@code revision}. */
    JsonObject describe(ProtocolRevision revision) {
        JsonObjectBuilder annotations = McpJson.object()
                .add("title", title)
                .add("readOnlyHint", readOnly)
                .add("openWorldHint", false);
        if (!readOnly) {
            annotations.add("destructiveHint", destructive).add("idempotentHint", idempotent);
        }
        JsonObjectBuilder tool = McpJson.object().add("name", name);
        if (revision.structured()) {
            tool.add("title", title);
        }
        tool.add("description", description).add("inputSchema", inputSchema);
        if (revision.structured()) {
            tool.add("outputSchema", outputSchema);
        }
        return tool.add("annotations", annotations).build();
    }
}
