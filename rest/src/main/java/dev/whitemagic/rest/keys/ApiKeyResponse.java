package dev.whitemagic.rest.keys;

import dev.whitemagic.domain.apikey.ApiKey;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An API key as clients see it: never the key itself, never its hash. */
@Schema(name = "ApiKey", description = "An API key's metadata; the key itself is only shown once, at creation or rotation.")
public record ApiKeyResponse(
        UUID id,
        @Schema(example = "ci-runner", nullable = true) String name,
        @Schema(description = "The first 16 characters of the key, for recognising it", example = "wm_prod_a8Xk2pQz")
        String keyPrefix,
        @Schema(enumeration = {"prod", "test", "dev"}) String environment,
        @Schema(description = "memories:read, memories:write, keys:manage, usage:read") List<String> scopes,
        @Schema(description = "Not revoked and not expired") boolean isActive,
        Instant createdAt,
        @Schema(nullable = true, description = "Kept current to within a minute") Instant lastUsedAt,
        @Schema(nullable = true) Instant expiresAt,
        @Schema(nullable = true) Instant revokedAt) {

    public static ApiKeyResponse of(ApiKey key, Instant now) {
        return new ApiKeyResponse(key.getId(), key.getName(), key.getKeyPrefix(), key.getEnvironment(),
                List.copyOf(key.getScopes()), key.isUsableAt(now), key.getCreatedAt(), key.getLastUsedAt(),
                key.getExpiresAt(), key.getRevokedAt());
    }
}
