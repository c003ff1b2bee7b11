package dev.whitemagic.rest.mcp;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** The JSON Schemas of the tools' arguments and results (the subset draft-07 and 2020-12 share). */
final class Schemas {

    private Schemas() {
    }

    static JsonObjectBuilder text(String description) {
        return McpJson.object().add("type", "string").add("description", description);
    }

    static JsonObjectBuilder text(String description, int minLength, int maxLength) {
        return text(description).add("minLength", minLength).add("maxLength", maxLength);
    }

    static JsonObjectBuilder oneOf(String description, String... values) {
        JsonArrayBuilder allowed = McpJson.array();
        for (String value : values) {
            allowed.add(value);
        }
        return text(description).add("enum", allowed);
    }

    static JsonObjectBuilder whole(String description, int minimum, int maximum, int byDefault) {
        return McpJson.object().add("type", "integer").add("description", description)
                .add("minimum", minimum).add("maximum", maximum).add("default", byDefault);
    }

    static JsonObjectBuilder tags(String description) {
        return McpJson.object().add("type", "array").add("description", description).add("maxItems", 50)
                .add("items", McpJson.object().add("type", "string").add("minLength", 1)
                        .add("maxLength", 64));
    }

    static JsonObjectBuilder uuid(String description) {
        return text(description).add("format", "uuid");
    }

    /** An object with exactly these properties (name, schema pairs), of which {@code required} must be given. */
    static JsonObject arguments(Object[] properties, String... required) {
        return object(properties, required).add("additionalProperties", false).build();
    }

    /** A result object: other properties may come in later versions. */
    static JsonObject result(Object[] properties, String... required) {
        return object(properties, required).build();
    }

    private static JsonObjectBuilder object(Object[] properties, String... required) {
        JsonObjectBuilder named = McpJson.object();
        for (int i = 0; i < properties.length; i += 2) {
            named.add((String) properties[i], (JsonObjectBuilder) properties[i + 1]);
        }
        JsonObjectBuilder object = McpJson.object().add("type", "object").add("properties", named);
        if (required.length > 0) {
            JsonArrayBuilder list = McpJson.array();
            for (String name : required) {
                list.add(name);
            }
            object.add("required", list);
        }
        return object;
    }

    static Object[] props(Object... pairs) {
        return pairs;
    }

    static JsonObjectBuilder nullableTime(String description) {
        return McpJson.object().add("type", McpJson.array().add("string").add("null"))
                .add("format", "date-time").add("description", description);
    }

    static JsonObjectBuilder time(String description) {
        return text(description).add("format", "date-time");
    }

    /** A memory as the REST API shows it. */
    static JsonObjectBuilder memory() {
        return McpJson.object(result(props(
                "id", uuid("The memory's id"),
                "title", text("Title"),
                "content", text("The whole text"),
                "type", oneOf("short_term or long_term", "short_term", "long_term"),
                "tags", tags("Its tags"),
                "status", oneOf("active or archived", "active", "archived"),
                "created_at", time("When it was stored"),
                "updated_at", time("When it last changed"),
                "accessed_at", nullableTime("When it was last read, to within a minute"),
                "archived_at", nullableTime("When it was archived"),
                "size_bytes", McpJson.object().add("type", "integer")
                        .add("description", "UTF-8 bytes of title, content and tags")),
                "id", "title", "content", "type", "tags", "status", "created_at", "updated_at", "accessed_at",
                "archived_at", "size_bytes"));
    }
}
