package dev.whitemagic.rest.mcp;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Map;

/**
 * JSON-P through one provider looked up once: {@code Json.createObjectBuilder()} and its siblings look the provider up
 * anew on every call (a service-loader search through the application's class loaders), which cost an MCP answer,
 * built of dozens of objects, about a millisecond.
 */
final class McpJson {

    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
    private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());

    private McpJson() {
    }

    static JsonObjectBuilder object() {
        return BUILDERS.createObjectBuilder();
    }

    static JsonObjectBuilder object(JsonObject copied) {
        return BUILDERS.createObjectBuilder(copied);
    }

    static JsonArrayBuilder array() {
        return BUILDERS.createArrayBuilder();
    }

    static JsonString value(String text) {
        return PROVIDER.createValue(text);
    }

    static JsonNumber value(long number) {
        return PROVIDER.createValue(number);
    }

    static JsonObject read(String text) {
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
