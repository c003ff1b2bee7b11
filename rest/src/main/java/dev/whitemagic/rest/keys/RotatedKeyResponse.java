package dev.whitemagic.rest.keys;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The new key of a rotation, and when the old one stops working. */
@Schema(name = "RotatedKey")
public record RotatedKeyResponse(
        @Schema(description = "The new key itself, shown this once") String key,
        ApiKeyResponse apiKey,
        Instant previousKeyExpiresAt) {
}
