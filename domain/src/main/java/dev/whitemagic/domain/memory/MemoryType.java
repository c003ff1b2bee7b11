package dev.whitemagic.domain.memory;

import dev.whitemagic.domain.InvalidInputException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How long a memory is meant to live, stored and sent as its lower-case {@link #value()}. */
public enum MemoryType {
    SHORT_TERM("short_term"),
    LONG_TERM("long_term");

    private final String value;

    MemoryType(String value) {
        this.value = value;
    }

    /** @return the stored and wire form, e.g. {@code short_term} */
    public String value() {
        return value;
    }

    /**
     * Reads a type a client sent, or one read from storage.
     *
     * @param value the wire form, e.g. {@code long_term}
     * @return the type
     * @throws InvalidInputException on {@code type} if the value names no type (null included)
     */
    public static MemoryType parse(String value) {
        for (MemoryType type : values()) {
            if (type.value.equals(value)) {
                return type;
            }
        }
        throw new InvalidInputException("type", "unknown memory type '" + value + "'; known: "
                + Arrays.stream(values()).map(MemoryType::value).collect(Collectors.joining(", ")));
    }
}
