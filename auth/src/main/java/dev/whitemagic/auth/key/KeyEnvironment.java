package dev.whitemagic.auth.key;

import dev.whitemagic.domain.InvalidInputException;

/**
 * The environment label written into a key ({@code wm_<environment>_…}). A label only: keys of every environment
 * authenticate; it tells a human and a secret scanner which deployment a key was meant for.
 */
public enum KeyEnvironment {
    PROD("prod"),
    TEST("test"),
    DEV("dev");

    private final String value;

    KeyEnvironment(String value) {
        this.value = value;
    }

    /** @return the form written in keys and sent on the wire, e.g. {@code prod} */
    public String value() {
        return value;
    }

    /**
     * @param value the wire form, e.g. {@code test}
     * @return the environment
     * @throws InvalidInputException on {@code environment} if the value names none (null included)
     */
    public static KeyEnvironment parse(String value) {
        for (KeyEnvironment environment : values()) {
            if (environment.value.equals(value)) {
                return environment;
            }
        }
        throw new InvalidInputException("environment", "unknown environment '" + value + "'; known: prod, test, dev");
    }
}
