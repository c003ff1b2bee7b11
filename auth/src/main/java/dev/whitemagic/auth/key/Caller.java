package dev.whitemagic.auth.key;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: the verified key and its user, as cached between requests. It carries only what a
 * request needs and what a cache may hold: never the raw key nor its hash.
 *
 * @param expiresAt when the key stops working (null: never), rechecked on every request
 * @param key       the rest of the key's metadata as read by the verification, so that {@code GET /keys/self} needs
 *                  no database round trip; null when unknown (then it is read)
 */
public record Caller(UUID userId, UUID keyId, String keyPrefix, String planTier, Set<Scope> scopes,
                     Instant expiresAt, KeyDetails key) implements Principal {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** A caller without the key's further metadata (tests, and callers made outside a verification). */
    public Caller(UUID userId, UUID keyId, String keyPrefix, String planTier, Set<Scope> scopes, Instant expiresAt) {
        this(userId, keyId, keyPrefix, planTier, scopes, expiresAt, null);
    }

    /**
     * What a usable key's {@code ApiKey} answer holds beyond the caller's own fields. Its fields change only with an
     * invalidation of the key (revocation, rotation, deletion), which evicts the cached caller, so they are as fresh
     * as the authentication itself; {@code lastUsedAt} is the value read then (it is batched anyway).
     *
     * @param scopes the stored scope names, in their stored order
     */
    public record KeyDetails(String name, String environment, List<String> scopes, Instant createdAt,
                             Instant lastUsedAt) {

        public KeyDetails {
            scopes = List.copyOf(scopes);
        }
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
