package dev.whitemagic.rest.admin;

import dev.whitemagic.rest.validation.Chars;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new user; its plan defaults to free. */
@Schema(name = "CreateUserRequest")
public record CreateUserRequest(
        @NotBlank @Email @Chars(max = 255) @Schema(required = true, maxLength = 255, example = "ada@example.com")
        String email,
        @Schema(nullable = true, enumeration = {"free", "starter", "pro", "enterprise"}) String planTier,
        @Chars(max = 255) @Schema(nullable = true) String whopUserId,
        @Chars(max = 255) @Schema(nullable = true) String whopMembershipId) {

    // An explicit canonical constructor with plain parameters: the record components' constraints
    // would otherwise be copied onto constructor parameters too, which Payara's OpenAPI scanner takes
    // for JAX-RS path parameters and fails on (NullPointerException in addSchemaParameter).
    public CreateUserRequest(String email, String planTier, String whopUserId, String whopMembershipId) {
        this.email = email;
        this.planTier = planTier;
        this.whopUserId = whopUserId;
        this.whopMembershipId = whopMembershipId;
    }
}
