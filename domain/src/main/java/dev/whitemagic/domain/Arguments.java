package dev.whitemagic.domain;

import java.util.Objects;

/**
 * Argument checks shared by the entities, so that a bad value fails in the constructor that got it rather than
 * later as a constraint violation at flush time.
 */
public final class Arguments {

    private Arguments() {
    }

    /**
     * @param value     the value to check
     * @param name      the argument's name, for the message
     * @param maxLength the column's length
     * @return the value, unchanged
     * @throws NullPointerException     if the value is {@code null}
     * @throws IllegalArgumentException if the value is blank or longer than {@code maxLength}
     */
    public static String requireText(String value, String name, int maxLength) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(name + " must be at most " + maxLength + " characters");
        }
        return value;
    }
}
