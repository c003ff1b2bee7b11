package dev.whitemagic.rest.keys;

import dev.whitemagic.auth.key.Caller;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The calling key's metadata plus its user and plan: a whoami. */
@Schema(name = "KeySelf")
public record KeySelfResponse(
        UUID id,
        @Schema(nullable = true) String name,
        String keyPrefix,
        String environment,
        List<String> scopes,
        boolean isActive,
        Instant createdAt,
        @Schema(nullable = true) Instant lastUsedAt,
        @Schema(nullable = true) Instant expiresAt,
        @Schema(nullable = true) Instant revokedAt,
        UUID userId,
        @Schema(enumeration = {"free", "starter", "pro", "enterprise"}) String planTier) {

    /** From a verified caller: a usable key is never revoked, and is active unless it expired since. */
    static KeySelfResponse of(Caller caller, Instant lastUsedAt, Instant now) {
        Caller.KeyDetails key = caller.key();
        return new KeySelfResponse(caller.keyId(), key.name(), caller.keyPrefix(), key.environment(), key.scopes(),
                caller.usableAt(now), key.createdAt(), lastUsedAt, caller.expiresAt(), null, caller.userId(),
                caller.planTier());
    }

    static KeySelfResponse of(ApiKeyResponse key, UUID userId, String planTier) {
        return new KeySelfResponse(key.id(), key.name(), key.keyPrefix(), key.environment(), key.scopes(),
                key.isActive(), key.createdAt(), key.lastUsedAt(), key.expiresAt(), key.revokedAt(), userId, planTier);
    }
}
