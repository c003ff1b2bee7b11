package dev.whitemagic.rest.admin;

import jakarta.validation.constraints.NotBlank;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A plan change. */
@Schema(name = "PatchUserRequest")
public record PatchUserRequest(
        @NotBlank @Schema(required = true, enumeration = {"free", "starter", "pro", "enterprise"}) String planTier) {
}
