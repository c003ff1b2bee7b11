package dev.whitemagic.auth.key;

import java.time.Instant;
import java.util.Set;

/**
 * What a new key should be.
 *
 * @param name        the owner's label, 1 to 100 characters
 * @param environment the label written in the key; {@code null} for the configured default
 * @param scopes      what the key may do; {@code null} to inherit (the creating key's, or all for the admin path)
 * @param expiresAt   when it stops working; {@code null} to inherit (the creating key's expiry, or never for the
 *                    admin path)
 * @param expiryField the request field that gave {@code expiresAt} ({@code expires_in_days} or {@code expires_at}),
 *                    named by a validation failure about it
 */
public record NewKey(String name, KeyEnvironment environment, Set<Scope> scopes, Instant expiresAt,
                     String expiryField) {

    public NewKey {
        scopes = scopes == null ? null : Set.copyOf(scopes);
        expiryField = expiryField == null ? "expires_at" : expiryField;
    }

    /** A key whose expiry, if any, was given as {@code expires_at}. */
    public NewKey(String name, KeyEnvironment environment, Set<Scope> scopes, Instant expiresAt) {
        this(name, environment, scopes, expiresAt, "expires_at");
    }
}
