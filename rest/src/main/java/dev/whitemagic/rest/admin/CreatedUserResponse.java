package dev.whitemagic.rest.admin;

import dev.whitemagic.rest.keys.ApiKeyResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new user with its first key, shown this once. */
@Schema(name = "CreatedUser")
public record CreatedUserResponse(AdminUserResponse user, String key, ApiKeyResponse apiKey) {
}
