package dev.whitemagic.rest.billing;

import dev.whitemagic.domain.InvalidInputException;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Objects;
import java.util.Optional;

/**
 * One Whop webhook event, as far as billing reads it.
 *
 * @param id           the event's id; each is handled once
 * @param type         the event's type, e.g. {@code membership.went_valid}; maybe one billing does not know
 * @param createdAt    when Whop made the event ({@code created_at}, else {@code timestamp}), or {@code null}
 * @param membershipId the membership ({@code data.id}), or {@code null}
 * @param whopUserId   Whop's user ({@code data.user}, a string or an object's {@code id}), or {@code null}
 * @param email        the member's address ({@code data.email}, else {@code data.user.email}), or {@code null}
 * @param productId    the product ({@code data.product_id}, else {@code data.product}, else {@code data.plan}; each
 *                     a string or an object's {@code id}), or {@code null}
 */
public record WhopEvent(String id, String type, Instant createdAt, String membershipId, String whopUserId,
                        String email, String productId) {

    /** The longest id, type or address stored or looked up (the columns are VARCHAR(255)). */
    static final int MAX_TEXT_LENGTH = 255;

    /** Event times outside these bounds are refused: PostgreSQL's timestamptz ends long before Java's Instant does. */
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter();

    public WhopEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
    }

    /** @return the type, if billing knows it */
    public Optional<WhopEventType> knownType() {
        return WhopEventType.of(type);
    }

    /**
     * Reads an event from a request body (whose signature has been verified). The envelope ({@code id},
     * {@code type}) must always be right; the time and {@code data} are read only for the types billing knows, so
     * an event of another type is never refused for a shape billing does not care about.
     *
     * @throws UnreadableEventException if the body is not a JSON object
     * @throws InvalidInputException    naming the field ({@code id}, {@code type}, {@code created_at},
     *                                  {@code data.email}, …) that is missing or unusable
     */
    public static WhopEvent parse(byte[] body) {
        JsonObject event = readObject(body);
        String id = requiredText(event, "id", "id");
        String type = requiredText(event, "type", "type");
        if (WhopEventType.of(type).isEmpty()) {
            return new WhopEvent(id, type, null, null, null, null, null);
        }
        Instant createdAt = time(event, "created_at");
        if (createdAt == null) {
            createdAt = time(event, "timestamp");
        }
        JsonObject data = object(event.get("data"), "data");
        if (data == null) {
            return new WhopEvent(id, type, createdAt, null, null, null, null);
        }
        String membershipId = text(data.get("id"), "data.id");
        JsonValue user = data.get("user");
        JsonObject userObject = user instanceof JsonObject object ? object : null;
        String whopUserId = userObject != null ? text(userObject.get("id"), "data.user.id") : text(user, "data.user");
        String email = text(data.get("email"), "data.email");
        if (email == null && userObject != null) {
            email = text(userObject.get("email"), "data.user.email");
        }
        String productId = reference(data, "product_id");
        if (productId == null) {
            productId = reference(data, "product");
        }
        if (productId == null) {
            productId = reference(data, "plan");
        }
        return new WhopEvent(id, type, createdAt, membershipId, whopUserId, email, productId);
    }

    private static JsonObject readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw new UnreadableEventException();
        }
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(body))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new UnreadableEventException();
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw new UnreadableEventException();
            }
            return object;
        } catch (UnreadableEventException unreadable) {
            throw unreadable;
        } catch (RuntimeException unreadable) {
            // JsonException for bad JSON, but a parser may also fail on bad encodings in its own ways: none of it may
            // become a 500, since nothing but reading happened.
            throw new UnreadableEventException();
        }
    }

    private static String requiredText(JsonObject object, String name, String field) {
        String value = text(object.get(name), field);
        if (value == null) {
            throw new InvalidInputException(field, field + " is required");
        }
        return value;
    }

    /** A string member, stripped; {@code null} if absent, JSON null or blank. */
    private static String text(JsonValue value, String field) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonString string)) {
            throw new InvalidInputException(field, field + " must be a string");
        }
        String text = string.getString().strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidInputException(field, field + " must be at most " + MAX_TEXT_LENGTH + " characters");
        }
        if (text.indexOf('\0') >= 0) {
            throw new InvalidInputException(field, field + " must not contain NUL characters");
        }
        return text;
    }

    /** A string member or the {@code id} of an object member; {@code null} if neither is there. */
    private static String reference(JsonObject data, String name) {
        JsonValue value = data.get(name);
        if (value instanceof JsonObject object) {
            return text(object.get("id"), "data." + name + ".id");
        }
        return text(value, "data." + name);
    }

    private static JsonObject object(JsonValue value, String field) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonObject object)) {
            throw new InvalidInputException(field, field + " must be an object");
        }
        return object;
    }

    /** An RFC 3339 string or a number of Unix seconds (also as a string of digits); {@code null} if absent. */
    private static Instant time(JsonObject event, String field) {
        JsonValue value = event.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        Instant instant;
        try {
            if (value instanceof JsonNumber number) {
                instant = ofUnixSeconds(number.bigDecimalValue());
            } else if (value instanceof JsonString string && string.getString().strip().matches("\\d{1,12}")) {
                instant = ofUnixSeconds(new BigDecimal(string.getString().strip()));
            } else if (value instanceof JsonString string) {
                instant = OffsetDateTime.parse(string.getString().strip(), RFC_3339).toInstant();
            } else {
                throw new DateTimeException("neither a string nor a number");
            }
        } catch (DateTimeException | ArithmeticException e) {
            throw new InvalidInputException(field, field + " must be an RFC 3339 time or a number of Unix seconds");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidInputException(field, field + " must be a time between 1970 and 9999");
        }
        return instant;
    }

    private static Instant ofUnixSeconds(BigDecimal seconds) {
        if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(LATEST.getEpochSecond())) > 0) {
            throw new DateTimeException("out of range");
        }
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole, nanos);
    }
}
