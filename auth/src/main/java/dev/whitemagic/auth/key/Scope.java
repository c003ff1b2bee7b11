package dev.whitemagic.auth.key;

import dev.whitemagic.domain.InvalidInputException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a key may do. The string constants are the role names that resources name in
 * {@code @RolesAllowed}: a caller's scopes become its groups.
 */
public enum Scope {
    MEMORIES_READ(Scope.MEMORIES_READ_VALUE),
    MEMORIES_WRITE(Scope.MEMORIES_WRITE_VALUE),
    KEYS_MANAGE(Scope.KEYS_MANAGE_VALUE),
    USAGE_READ(Scope.USAGE_READ_VALUE);

    public static final String MEMORIES_READ_VALUE = "memories:read";
    public static final String MEMORIES_WRITE_VALUE = "memories:write";
    public static final String KEYS_MANAGE_VALUE = "keys:manage";
    public static final String USAGE_READ_VALUE = "usage:read";

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    /** The wire form, e.g. {@code memories:read}. */
    public String value() {
        return value;
    }

    /** Every scope: what a key made through the admin API gets. */
    public static Set<Scope> all() {
        return EnumSet.allOf(Scope.class);
    }

    /**
     * Parses wire forms; an unknown one is an {@link InvalidInputException} on {@code scopes}.
     */
    public static Set<Scope> parse(Collection<String> values) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String value : values) {
            scopes.add(parse(value));
        }
        return scopes;
    }

    public static Scope parse(String value) {
        for (Scope scope : values()) {
            if (scope.value.equals(value)) {
                return scope;
            }
        }
        throw new InvalidInputException("scopes", "unknown scope '" + value + "'; known: memories:read, "
                + "memories:write, keys:manage, usage:read");
    }

    /** The wire forms in declaration order. */
    public static Set<String> values(Collection<Scope> scopes) {
        Set<String> out = new LinkedHashSet<>();
        for (Scope scope : values()) {
            if (scopes.contains(scope)) {
                out.add(scope.value);
            }
        }
        return out;
    }
}
