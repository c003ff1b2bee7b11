package dev.whitemagic.auth.key;

import java.security.Principal;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: the verified key and its user, as cached between requests. It carries only what a
 * request needs and what a cache may hold: never the raw key nor its hash.
 *
 * @param expiresAt when the key stops working (null: never), rechecked on every request
 */
public record Caller(UUID userId, UUID keyId, String keyPrefix, String planTier, Set<Scope> scopes,
                     Instant expiresAt) implements Principal {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** The key id: what the container logs as the principal's name. */
    @Override
    public String getName() {
        return keyId.toString();
    }

    public boolean usableAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }
}
