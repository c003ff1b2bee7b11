package dev.whitemagic.rest.admin;

import dev.whitemagic.rest.error.Problem;
import dev.whitemagic.rest.accounts.Accounts;
import dev.whitemagic.rest.accounts.NewAccount;
import dev.whitemagic.auth.key.IssuedKey;
import dev.whitemagic.auth.key.NewKey;
import dev.whitemagic.auth.admin.AdminPrincipal;
import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.rest.Items;
import dev.whitemagic.rest.keys.ApiKeyResponse;
import dev.whitemagic.rest.keys.CreateKeyRequest;
import dev.whitemagic.rest.keys.CreatedKeyResponse;
import dev.whitemagic.rest.keys.KeyRequests;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.time.Clock;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("api/v1/admin/users")
@Tag(name = "Admin", description = "Operators only: Authorization: Bearer <WM_ADMIN_TOKEN>; 404 when no token is configured")
@SecurityRequirement(name = "bearerAuth")
@RolesAllowed(AdminPrincipal.ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class AdminUsersResource {

    /** The name of a key the admin API issues without being told one. */
    static final String DEFAULT_KEY_NAME = "default";

    @Inject
    Accounts accounts;

    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a user with its quota and its first key (all scopes)")
    @APIResponse(responseCode = "201", description = "The user and its first key, shown this once",
            content = @Content(schema = @Schema(ref = "CreatedUser")))
    public Response create(@NotNull @Valid CreateUserRequest body) {
        NewAccount account = accounts.create(body.email().trim(), body.planTier(), body.whopUserId(),
                body.whopMembershipId());
        CreatedUserResponse answer = new CreatedUserResponse(AdminUserResponse.of(account.user()),
                account.key().rawKey(), ApiKeyResponse.of(account.key().apiKey(), clock.instant()));
        return Response.created(UriBuilder.fromPath("/api/v1/admin/users/{id}").build(account.user().getId()))
                .header("Cache-Control", "no-store").entity(answer).build();
    }

    @GET
    @Operation(summary = "Find a user by email")
    @APIResponse(responseCode = "200", description = "The user with that email, if any",
            content = @Content(schema = @Schema(ref = "AdminUserList")))
    public Items<AdminUserResponse> find(
            @Parameter(description = "Email address, compared without regard to case", required = true)
            @QueryParam("email") String email) {
        if (email == null || email.isBlank()) {
            throw new InvalidInputException("email", "the email query parameter is required");
        }
        return new Items<>(accounts.findByEmail(email.trim()).map(AdminUserResponse::of).stream().toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A user")
    @APIResponse(responseCode = "200", description = "The user", content = @Content(schema = @Schema(ref = "AdminUser")))
    public AdminUserResponse get(@PathParam("id") UUID id) {
        return AdminUserResponse.of(accounts.get(id));
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a user's plan", description = "Takes effect on the user's next request, on every node.")
    @APIResponse(responseCode = "200", description = "The user", content = @Content(schema = @Schema(ref = "AdminUser")))
    public AdminUserResponse patch(@PathParam("id") UUID id, @NotNull @Valid PatchUserRequest body) {
        return AdminUserResponse.of(accounts.changePlan(id, body.planTier()));
    }

    @DELETE
    @Path("{id}")
    // A 204 has no body: a client that accepts only problem details (what an error would be) is answered too.
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Delete a user and everything of theirs", description = "Keys, quota, usage, memories and "
            + "idempotency entries go with it, in one transaction; its keys stop working at once.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") UUID id) {
        accounts.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/keys")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a key for a user", description = "All four scopes unless the body narrows them; "
            + "the body is optional.")
    @APIResponse(responseCode = "201", description = "The key, once, and its metadata",
            content = @Content(schema = @Schema(ref = "CreatedKey")))
    public Response issueKey(@PathParam("id") UUID id, @Valid CreateKeyRequest body) {
        NewKey request = body == null ? new NewKey(DEFAULT_KEY_NAME, null, null, null)
                : KeyRequests.newKey(body, clock.instant());
        IssuedKey issued = accounts.issueKey(id, request);
        return Response.status(Response.Status.CREATED).header("Cache-Control", "no-store")
                .entity(new CreatedKeyResponse(issued.rawKey(), ApiKeyResponse.of(issued.apiKey(), clock.instant())))
                .build();
    }
}
