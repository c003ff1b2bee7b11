package dev.whitemagic.domain.memory;

import dev.whitemagic.domain.InvalidInputException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Whether a memory is in use or archived, stored and sent as its lower-case {@link #value()}. */
public enum MemoryStatus {
    ACTIVE("active"),
    ARCHIVED("archived");

    private final String value;

    MemoryStatus(String value) {
        this.value = value;
    }

    /** @return the stored and wire form, e.g. {@code archived} */
    public String value() {
        return value;
    }

    /**
     * Reads a status a client sent, or one read from storage.
     *
     * @param value the wire form, e.g. {@code active}
     * @return the status
     * @throws InvalidInputException on {@code status} if the value names no status (null included)
     */
    public static MemoryStatus parse(String value) {
        for (MemoryStatus status : values()) {
            if (status.value.equals(value)) {
                return status;
            }
        }
        throw new InvalidInputException("status", "unknown memory status '" + value + "'; known: "
                + Arrays.stream(values()).map(MemoryStatus::value).collect(Collectors.joining(", ")));
    }
}
