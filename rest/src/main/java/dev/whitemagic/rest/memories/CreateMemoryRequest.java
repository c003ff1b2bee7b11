package dev.whitemagic.rest.memories;

import dev.whitemagic.rest.validation.Chars;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new memory. */
@Schema(name = "CreateMemoryRequest")
public record CreateMemoryRequest(
        @NotBlank @Chars(max = 500) @Schema(required = true, minLength = 1, maxLength = 500) String title,
        @NotBlank @Chars(max = 100_000) @Schema(required = true, minLength = 1, maxLength = 100000) String content,
        @Schema(nullable = true, enumeration = {"short_term", "long_term"}, description = "Default short_term") String type,
        @Size(max = 50) @Schema(nullable = true, maxItems = 50, description = "Normalised: trimmed, lower-cased, "
                + "inner spaces to _, empty and duplicate tags dropped; each 1-64 characters after that")
        List<String> tags) {

    // An explicit canonical constructor with plain parameters: Payara's OpenAPI scanner fails on
    // constraints copied onto record constructor parameters (see CreateKeyRequest).
    public CreateMemoryRequest(String title, String content, String type, List<String> tags) {
        this.title = title;
        this.content = content;
        this.type = type;
        this.tags = tags;
    }
}
