package dev.whitemagic.rest.admin;

import jakarta.validation.constraints.NotBlank;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A plan change. */
@Schema(name = "PatchUserRequest")
public record PatchUserRequest(
        @NotBlank @Schema(required = true, enumeration = {"free", "starter", "pro", "enterprise"}) String planTier) {

    // An explicit canonical constructor with plain parameters: the record components' constraints
    // would otherwise be copied onto constructor parameters too, which Payara's OpenAPI scanner takes
    // for JAX-RS path parameters and fails on (NullPointerException in addSchemaParameter).
    public PatchUserRequest(String planTier) {
        this.planTier = planTier;
    }
}
