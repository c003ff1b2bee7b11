package dev.whitemagic.rest.keys;

import dev.whitemagic.rest.validation.Chars;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a client may say about a new key; everything but the name is optional. */
@Schema(name = "CreateKeyRequest")
public record CreateKeyRequest(
        @NotBlank @Chars(max = 100) @Schema(required = true, minLength = 1, maxLength = 100, example = "ci-runner")
        String name,
        @Schema(description = "Label of the key; default WM_KEY_ENVIRONMENT (prod)", enumeration = {"prod", "test", "dev"},
                nullable = true) String environment,
        @Schema(description = "At most the creating key's scopes; default: all of them", nullable = true)
        List<String> scopes,
        @Min(1) @Max(3650) @Schema(minimum = "1", maximum = "3650", nullable = true,
                description = "Lifetime in days; give this or expires_at, not both") Integer expiresInDays,
        @Schema(nullable = true, description = "RFC 3339 instant in the future") OffsetDateTime expiresAt) {

    // An explicit canonical constructor with plain parameters: the record components' constraints
    // would otherwise be copied onto constructor parameters too, which Payara's OpenAPI scanner takes
    // for JAX-RS path parameters and fails on (NullPointerException in addSchemaParameter).
    public CreateKeyRequest(String name, String environment, List<String> scopes, Integer expiresInDays, OffsetDateTime expiresAt) {
        this.name = name;
        this.environment = environment;
        this.scopes = scopes;
        this.expiresInDays = expiresInDays;
        this.expiresAt = expiresAt;
    }
}
