package dev.whitemagic.rest.json;

import dev.whitemagic.domain.Arguments;
import dev.whitemagic.domain.InvalidInputException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Reads a request body into plain values (a {@link Map} per object, a {@link List} per array, {@link String},
 * {@link Number}, {@link Boolean}, and {@link #NULL}) and refuses what a lenient parser lets through: bytes that
 * are not UTF-8, a byte order mark, a key given twice in one object, a string with the NUL character or a lone
 * surrogate, anything after the value, and nesting deeper than {@value #MAX_DEPTH}. Every refusal is an
 * {@link InvalidInputException} naming where, never the parser's own words (they can echo the body).
 */
public final class JsonTree {

    /** JSON's {@code null}: a key that is there with no value. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    static final int MAX_DEPTH = 32;

    /** A number as written ({@code 5}, {@code 5.0}, {@code 5e0}) and its value. */
    public record Number(String text, BigDecimal value) {
    }

    private JsonTree() {
    }

    /**
     * @param body the body's bytes
     * @return the value, or {@code null} for a body that is empty or only whitespace
     * @throws InvalidInputException on {@code body}, or on the path of the offending value
     */
    public static Object parse(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("body", "is not valid UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            throw new InvalidInputException("body", "must not start with a byte order mark");
        }
        if (text.isBlank()) {
            return null;
        }
        try (JsonParser parser = Json.createParser(new StringReader(text))) {
            Object value = value(parser, parser.next(), "", 0);
            if (parser.hasNext()) {
                throw new InvalidInputException("body", "must hold one JSON value and nothing after it");
            }
            return value;
        } catch (JsonException | NoSuchElementException | IllegalStateException e) {
            // The parser's own message can quote the body: a fixed text instead.
            throw new InvalidInputException("body", "is not valid JSON");
        }
    }

    private static Object value(JsonParser parser, JsonParser.Event event, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidInputException(path.isEmpty() ? "body" : path, "nests deeper than " + MAX_DEPTH
                    + " levels");
        }
        switch (event) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                for (JsonParser.Event next = parser.next(); next != JsonParser.Event.END_OBJECT; next = parser.next()) {
                    String key = parser.getString();
                    String at = path.isEmpty() ? key : path + "." + key;
                    if (object.containsKey(key)) {
                        throw new InvalidInputException(at, "is given twice");
                    }
                    object.put(key, value(parser, parser.next(), at, depth + 1));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonParser.Event next = parser.next(); next != JsonParser.Event.END_ARRAY; next = parser.next()) {
                    array.add(value(parser, next, path + "[" + array.size() + "]", depth + 1));
                }
                return array;
            }
            case VALUE_STRING -> {
                return checkedText(parser.getString(), path);
            }
            case VALUE_NUMBER -> {
                return new Number(parser.getString(), parser.getBigDecimal());
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return NULL;
            }
            default -> throw new InvalidInputException(path.isEmpty() ? "body" : path, "is not valid JSON");
        }
    }

    /** A string PostgreSQL can store and every client can read: no NUL, no half of a surrogate pair. */
    private static String checkedText(String text, String path) {
        return Arguments.requireStorable(text, path.isEmpty() ? "body" : path);
    }
}
