package dev.whitemagic.auth.key;

import java.time.Instant;
import java.util.Set;

/**
 * What a new key should be.
 *
 * @param name        the owner's label, 1 to 100 characters
 * @param environment the label written in the key; {@code null} for the configured default
 * @param scopes      what the key may do; {@code null} to inherit (the creating key's, or all for the admin path)
 * @param expiresAt   when it stops working; {@code null} for never
 */
public record NewKey(String name, KeyEnvironment environment, Set<Scope> scopes, Instant expiresAt) {

    public NewKey {
        scopes = scopes == null ? null : Set.copyOf(scopes);
    }
}
