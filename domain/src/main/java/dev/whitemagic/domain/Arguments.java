package dev.whitemagic.domain;

/**
 * Argument checks shared by the entities, so that a bad value fails in the constructor that got it rather than
 * later as a constraint violation at flush time. A violation is an {@link InvalidInputException}: whatever reaches
 * an entity from a client is answered 400 naming the field, never 500.
 */
public final class Arguments {

    private Arguments() {
    }

    /**
     * @param value     the value to check
     * @param name      the field's name as a client knows it (snake_case), for the answer
     * @param maxLength the column's length
     * @return the value, unchanged
     * @throws InvalidInputException if the value is {@code null}, blank, longer than {@code maxLength} characters
     *                               (code points, as PostgreSQL counts them) or not storable ({@link #requireStorable})
     */
    public static String requireText(String value, String name, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(name, "must not be blank");
        }
        if (value.length() > maxLength && value.codePointCount(0, value.length()) > maxLength) {
            throw new InvalidInputException(name, "must be at most " + maxLength + " characters");
        }
        return requireStorable(value, name);
    }

    /**
     * @return the value, unchanged, or {@code null}
     * @throws InvalidInputException if it holds the NUL character, which PostgreSQL's text cannot store, or half of a
     *                               UTF-16 surrogate pair, which is no character at all
     */
    public static String requireStorable(String value, String name) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                throw new InvalidInputException(name, "must not contain the NUL character (\\u0000)");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidInputException(name, "must not contain a lone UTF-16 surrogate");
            }
        }
        return value;
    }
}
