package dev.whitemagic.rest.usage;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.auth.key.Scope;
import dev.whitemagic.quota.UsageReport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("api/v1/usage")
@Tag(name = "Usage")
@SecurityRequirement(name = "bearerAuth")
@SecurityRequirement(name = "apiKeyAuth")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    @Inject
    UsageReport report;

    @Context
    SecurityContext security;

    @GET
    @RolesAllowed(Scope.USAGE_READ_VALUE)
    @Operation(summary = "The caller's requests per UTC day",
            description = "Every day of the period, oldest first, days without requests included as zeros. At most "
                    + "92 days, both ends included. Every request made with one of the caller's keys counts, whatever "
                    + "its answer (refusals by the rate limiter included); errors are answers with status 400 or "
                    + "more. Usage is written in batches: a request shows up within about a second.")
    @APIResponse(responseCode = "200", description = "The usage", content = @Content(schema = @Schema(ref = "Usage")))
    public UsageResponse usage(
            @Parameter(description = "First day (UTC), YYYY-MM-DD; default: 29 days before to",
                    schema = @Schema(type = SchemaType.STRING, format = "date"))
            @QueryParam("from") String from,
            @Parameter(description = "Last day (UTC), YYYY-MM-DD; default: today",
                    schema = @Schema(type = SchemaType.STRING, format = "date"))
            @QueryParam("to") String to) {
        Caller caller = (Caller) security.getUserPrincipal();
        return UsageResponse.of(report.daily(caller.userId(), from, to));
    }
}
