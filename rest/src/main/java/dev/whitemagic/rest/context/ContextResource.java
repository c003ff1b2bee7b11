package dev.whitemagic.rest.context;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.auth.key.Scope;
import dev.whitemagic.domain.context.ContextTier;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("api/v1")
@Tag(name = "Context")
@SecurityRequirement(name = "bearerAuth")
@SecurityRequirement(name = "apiKeyAuth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ContextResource {

    static final int DEFAULT_TIER = 1;
    static final int DEFAULT_MIN_AGE_DAYS = 7;

    @Inject
    ContextPackages packages;

    @Inject
    Consolidation consolidation;

    @Context
    SecurityContext security;

    @POST
    @Path("context")
    @RolesAllowed(Scope.MEMORIES_READ_VALUE)
    @Operation(summary = "A context package for a prompt", description = "Tier 0: 2 short-term summaries; tier 1: "
            + "5 detailed short-term and 2 long-term summaries; tier 2: 10 short-term and 5 long-term in full.")
    @APIResponse(responseCode = "200", description = "The package",
            content = @Content(schema = @Schema(ref = "ContextPackage")))
    public ContextResponse context(ContextRequest body) {
        ContextRequest request = body == null ? new ContextRequest(null, null, null) : body;
        ContextTier tier = ContextTier.of(request.tier() == null ? DEFAULT_TIER : request.tier());
        return ContextResponse.of(packages.build(caller().userId(), tier, request.query(), request.tags()));
    }

    @POST
    @Path("consolidate")
    @RolesAllowed(Scope.MEMORIES_WRITE_VALUE)
    @Operation(summary = "Consolidate old short-term memories", description = "Archives active short-term memories "
            + "older than min_age_days; those tagged heuristic, pattern, proven, decision or insight are copied to "
            + "long-term first and gathered in one \"Consolidated Insights - YYYY-MM-DD\" memory.")
    @APIResponse(responseCode = "200", description = "What was done, or would be",
            content = @Content(schema = @Schema(ref = "ConsolidateResult")))
    public ConsolidateResponse consolidate(ConsolidateRequest body) {
        ConsolidateRequest request = body == null ? new ConsolidateRequest(null, null) : body;
        boolean dryRun = request.dryRun() == null || request.dryRun();
        int minAgeDays = request.minAgeDays() == null ? DEFAULT_MIN_AGE_DAYS : request.minAgeDays();
        return ConsolidateResponse.of(consolidation.run(caller().userId(), minAgeDays, dryRun));
    }

    private Caller caller() {
        return (Caller) security.getUserPrincipal();
    }
}
