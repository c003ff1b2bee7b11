package dev.whitemagic.rest.me;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.rest.accounts.AccountOverview;
import dev.whitemagic.rest.accounts.Accounts;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
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

@Path("api/v1/me")
@Tag(name = "Account")
@SecurityRequirement(name = "bearerAuth")
@SecurityRequirement(name = "apiKeyAuth")
public class MeResource {

    @Inject
    Accounts accounts;

    @Context
    SecurityContext security;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The calling key's account, its plan's limits and its usage", description = "Needs no particular scope. "
            + "Requests are counted before this answer is made, so this request is in requests_today.")
    @APIResponse(responseCode = "200", description = "The account", content = @Content(schema = @Schema(ref = "Me")))
    public MeResponse me() {
        Caller caller = (Caller) security.getUserPrincipal();
        AccountOverview overview = accounts.overview(caller.userId());
        return MeResponse.of(overview.user(), overview.usage());
    }
}
