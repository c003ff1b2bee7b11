package dev.whitemagic.rest.json;

import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.rest.SnakeCaseJsonb;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds a request record from a {@link JsonTree} value without coercion: each field takes only its own JSON type —
 * a string for text and times, {@code true}/{@code false} for a flag, a number without fraction or exponent in range
 * for a whole number, an array of strings for a list — or {@code null}/absence for "not given". Field names are the
 * components' in snake_case; keys the record does not have are ignored. Anything else is an
 * {@link InvalidInputException} naming the field (and the element, {@code tags[2]}).
 */
public final class RecordBinder {

    private static final Pattern WHOLE = Pattern.compile("-?(?:0|[1-9][0-9]*)");

    private RecordBinder() {
    }

    /** @return the record, or {@code null} for an empty body */
    public static <T> T bind(Class<T> type, Object tree) {
        if (tree == null) {
            return null;
        }
        if (!(tree instanceof Map<?, ?> object)) {
            throw new InvalidInputException("body", "must be a JSON object");
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String name = SnakeCaseJsonb.snakeCase(component.getName());
            types[i] = component.getType();
            values[i] = convert(object.get(name), component.getType(), component.getGenericType(), name);
        }
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("cannot build " + type.getName(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName(), e);
        }
    }

    private static Object convert(Object value, Class<?> type, Type generic, String field) {
        if (value == null || value == JsonTree.NULL) {
            if (type.isPrimitive()) {
                throw new InvalidInputException(field, "is required");
            }
            return null;
        }
        if (type == String.class) {
            return text(value, field);
        }
        if (type == Boolean.class || type == boolean.class) {
            if (value instanceof Boolean flag) {
                return flag;
            }
            throw new InvalidInputException(field, "must be true or false");
        }
        if (type == Integer.class || type == int.class) {
            return (int) whole(value, field, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        if (type == Long.class || type == long.class) {
            return whole(value, field, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (type == OffsetDateTime.class) {
            try {
                return OffsetDateTime.parse(text(value, field));
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(field, "must be an RFC 3339 time with an offset, e.g. "
                        + "2027-01-31T00:00:00Z");
            }
        }
        if (type == List.class && generic instanceof ParameterizedType list
                && list.getActualTypeArguments()[0] == String.class) {
            if (!(value instanceof List<?> elements)) {
                throw new InvalidInputException(field, "must be an array of strings");
            }
            List<String> texts = new ArrayList<>(elements.size());
            for (int i = 0; i < elements.size(); i++) {
                Object element = elements.get(i);
                if (!(element instanceof String string)) {
                    throw new InvalidInputException(field + "[" + i + "]", "must be a string");
                }
                texts.add(string);
            }
            return texts;
        }
        throw new IllegalStateException("no strict reading for " + generic + " (" + field + ")");
    }

    private static String text(Object value, String field) {
        if (value instanceof String string) {
            return string;
        }
        throw new InvalidInputException(field, "must be a string");
    }

    private static long whole(Object value, String field, long min, long max) {
        String expected = "must be a whole number from " + min + " to " + max;
        // 3.0 and 3e0 are not whole numbers as written: no rounding, no reading of exponents.
        if (!(value instanceof JsonTree.Number written) || !WHOLE.matcher(written.text()).matches()) {
            throw new InvalidInputException(field, expected);
        }
        BigDecimal number = written.value();
        if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new InvalidInputException(field, expected);
        }
        return number.longValueExact();
    }
}
