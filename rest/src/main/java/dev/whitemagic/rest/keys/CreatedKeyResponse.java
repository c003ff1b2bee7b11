package dev.whitemagic.rest.keys;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new key: the only answer that ever contains the key itself. */
@Schema(name = "CreatedKey")
public record CreatedKeyResponse(
        @Schema(description = "The key itself, shown this once; store it now", example = "wm_prod_a8Xk2pQz7bLm3nRt5vWx9yZc1d2E3f")
        String key,
        ApiKeyResponse apiKey) {
}
