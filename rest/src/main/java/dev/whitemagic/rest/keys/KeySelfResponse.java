package dev.whitemagic.rest.keys;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The calling key's metadata plus its user and plan: a whoami. */
@Schema(name = "KeySelf")
public record KeySelfResponse(
        UUID id,
        String name,
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

    static KeySelfResponse of(ApiKeyResponse key, UUID userId, String planTier) {
        return new KeySelfResponse(key.id(), key.name(), key.keyPrefix(), key.environment(), key.scopes(),
                key.isActive(), key.createdAt(), key.lastUsedAt(), key.expiresAt(), key.revokedAt(), userId, planTier);
    }
}
