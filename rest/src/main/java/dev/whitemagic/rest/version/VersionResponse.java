package dev.whitemagic.rest.version;

import jakarta.json.bind.annotation.JsonbProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of {@code GET /api/v1/version}. */
@Schema(name = "Version")
public record VersionResponse(
        @Schema(description = "Version of the running build", example = "1.0.0") String version,
        @JsonbProperty("api_version") @Schema(name = "api_version", description = "Version of the API contract",
                example = "v1") String apiVersion,
        @Schema(description = "Source revision of the build (git commit), or \"unknown\"", example = "3f2c1ab")
        String revision) {
}
