package dev.whitemagic.rest.http;

import dev.whitemagic.domain.InvalidInputException;
import java.util.Set;

/**
 * Yes/no query parameters ({@code permanent}, {@code include_archived}, {@code include_inactive}): {@code true} or
 * {@code false}, absent for the default. JAX-RS would read anything else as {@code false} ({@code permanent=yes}
 * archiving instead of deleting), so they are taken as text and read here.
 */
public final class QueryFlags {

    /** The flags, for the API description (booleans there, defaulting to false). */
    public static final Set<String> NAMES = Set.of("permanent", "include_archived", "include_inactive");

    private QueryFlags() {
    }

    /**
     * @param name the parameter, for the answer
     * @param text its value, or {@code null} when absent
     * @return the flag, {@code false} when absent
     * @throws InvalidInputException on {@code name} for anything but {@code true} and {@code false}
     */
    public static boolean parse(String name, String text) {
        if (text == null || text.equals("false")) {
            return false;
        }
        if (text.equals("true")) {
            return true;
        }
        throw new InvalidInputException(name, "must be true or false");
    }
}
