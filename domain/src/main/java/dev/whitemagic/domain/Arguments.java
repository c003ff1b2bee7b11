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
     * @throws InvalidInputException if the value is {@code null}, blank or longer than {@code maxLength}
     */
    public static String requireText(String value, String name, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(name, "must not be blank");
        }
        if (value.length() > maxLength) {
            throw new InvalidInputException(name, "must be at most " + maxLength + " characters");
        }
        return value;
    }
}
