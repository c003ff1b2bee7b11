package dev.whitemagic.persistence;

/**
 * The one way configuration beans refuse a value: a message that names the key, the value and what is allowed, so
 * that a failed deployment says what to fix. Lives in the lowest module that reads configuration, for every module's
 * configuration bean.
 */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    /**
     * @param key     the configuration key, e.g. {@code wm.usage.buffer-size}
     * @param value   the value as configured, shown in the message
     * @param valid   whether the value is allowed
     * @param allowed what is allowed, e.g. {@code "a whole number from 1 to 1000000"}
     * @throws IllegalStateException if the value is not allowed
     */
    public static void require(String key, Object value, boolean valid, String allowed) {
        if (!valid) {
            throw new IllegalStateException("configuration " + key + " = " + value + " is not allowed: expected "
                    + allowed);
        }
    }

    /** Requires a whole number from {@code min} to {@code max}. */
    public static long range(String key, long value, long min, long max) {
        require(key, value, value >= min && value <= max, "a whole number from " + min + " to " + max);
        return value;
    }
}
