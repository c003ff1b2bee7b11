package dev.whitemagic.rest.context;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Which context package to build. */
@Schema(name = "ContextRequest")
public record ContextRequest(
        @Schema(nullable = true, minimum = "0", maximum = "2", description = "Default 1") Integer tier,
        @Schema(nullable = true, description = "Best search matches instead of the most recent") String query,
        @Schema(nullable = true, description = "All must match") List<String> tags) {
}
