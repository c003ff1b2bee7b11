package dev.whitemagic.rest.version;

import dev.whitemagic.rest.error.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("api/v1/version")
@Tag(name = "Operations")
public class VersionResource {

    @Inject
    BuildInfo buildInfo;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Version of the running service", description = "Public: needs no API key.")
    @APIResponse(responseCode = "200", description = "The version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Version")))
    @APIResponse(responseCode = "500", description = "Unexpected failure",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public VersionResponse version() {
        return buildInfo.version();
    }
}
