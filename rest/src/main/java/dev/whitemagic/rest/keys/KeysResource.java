package dev.whitemagic.rest.keys;

import dev.whitemagic.auth.key.ApiKeys;
import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.auth.key.IssuedKey;
import dev.whitemagic.auth.key.RotatedKey;
import dev.whitemagic.auth.key.Scope;
import dev.whitemagic.rest.error.Problem;
import dev.whitemagic.rest.http.QueryFlags;
import dev.whitemagic.rest.Items;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("api/v1/keys")
@Tag(name = "Keys", description = "The caller's own API keys")
@SecurityRequirement(name = "bearerAuth")
@SecurityRequirement(name = "apiKeyAuth")
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    ApiKeys apiKeys;

    @Inject
    Clock clock;

    @Inject
    CallingKeys callingKeys;

    @Context
    SecurityContext security;

    @GET
    @RolesAllowed(Scope.KEYS_MANAGE_VALUE)
    @Operation(summary = "List the user's keys, newest first")
    @APIResponse(responseCode = "200", description = "Every key (active ones unless include_inactive=true)",
            content = @Content(schema = @Schema(ref = "ApiKeyList")))
    public Items<ApiKeyResponse> list(
            @Parameter(description = "Also list revoked and expired keys")
            @QueryParam("include_inactive") String includeInactive) {
        Caller caller = caller();
        Instant now = clock.instant();
        return new Items<>(apiKeys.list(caller.userId(), QueryFlags.parse("include_inactive", includeInactive)).stream()
                .map(key -> ApiKeyResponse.of(key, now)).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scope.KEYS_MANAGE_VALUE)
    @Operation(summary = "Create a key", description = "A key never obtains more than the key that creates it: the new "
            + "key has the creating key's scopes unless the request narrows them, and its expiry unless the request "
            + "gives an earlier one (a creator without expiry allows any). A key replaced by a rotation cannot create "
            + "keys. The key itself is in this answer only.")
    @APIResponse(responseCode = "201", description = "The key, once, and its metadata",
            content = @Content(schema = @Schema(ref = "CreatedKey")))
    @APIResponse(responseCode = "400", description = "validation_failed: a field is missing, malformed or out of "
            + "range, or expires_in_days / expires_at is later than the creating key's own expiry (see errors)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "403", description = "insufficient_scope: the calling key lacks keys:manage, or asks "
            + "for a scope it lacks; forbidden: the calling key was replaced by a rotation (during its grace period "
            + "it still reads and writes, but keys are managed with its successor)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
    public Response create(@NotNull @Valid CreateKeyRequest body) {
        Caller caller = caller();
        IssuedKey issued = apiKeys.create(caller, KeyRequests.newKey(body, clock.instant()));
        return created(new CreatedKeyResponse(issued.rawKey(), ApiKeyResponse.of(issued.apiKey(), clock.instant())));
    }

    @DELETE
    @Path("{id}")
    // A 204 has no body: a client that accepts only problem details (what an error would be) is answered too.
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @RolesAllowed(Scope.KEYS_MANAGE_VALUE)
    @Operation(summary = "Revoke a key", description = "It stops working at once, on every node within a second.")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Response revoke(@PathParam("id") UUID id) {
        apiKeys.revoke(caller().userId(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("self")
    @Operation(summary = "The calling key, its user and plan (whoami)", description = "Needs no particular scope.")
    @APIResponse(responseCode = "200", description = "The calling key",
            content = @Content(schema = @Schema(ref = "KeySelf")))
    public KeySelfResponse self() {
        Instant now = clock.instant();
        CallingKeys.CallingKey calling = callingKeys.of(caller());
        if (calling.stored() == null) {
            return KeySelfResponse.of(calling.caller(), calling.lastUsedAt(), now);
        }
        return KeySelfResponse.of(ApiKeyResponse.of(calling.stored(), now), calling.caller().userId(),
                calling.caller().planTier());
    }

    @POST
    @Path("{id}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scope.KEYS_MANAGE_VALUE)
    @Operation(summary = "Rotate a key", description = "A new key with the same name, environment, scopes and "
            + "remaining lifetime; the old one works until the grace period ends. A key is rotated once: during its "
            + "grace period its successor is the key to rotate. The rotating key never obtains more than it has: it "
            + "cannot rotate a key with a scope it lacks or one that outlives it.")
    @APIResponse(responseCode = "201", description = "The new key, once, and when the old one stops",
            content = @Content(schema = @Schema(ref = "RotatedKey")))
    @APIResponse(responseCode = "403", description = "insufficient_scope: the calling key lacks keys:manage, or the "
            + "rotated key has a scope the calling key lacks; forbidden: the rotated key outlives the calling key, or "
            + "the calling key was itself replaced by a rotation",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "conflict: the key is revoked or expired, or was rotated "
            + "already (its grace period is running: rotate its successor)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
    public Response rotate(@PathParam("id") UUID id, @Valid RotateKeyRequest body) {
        int grace = body == null || body.gracePeriodSeconds() == null ? 0 : body.gracePeriodSeconds();
        RotatedKey rotated = apiKeys.rotate(caller(), id, Duration.ofSeconds(grace));
        return created(new RotatedKeyResponse(rotated.rawKey(), ApiKeyResponse.of(rotated.apiKey(), clock.instant()),
                rotated.previousKeyExpiresAt()));
    }

    /** Answers that carry a raw key are never stored by a cache on the way. */
    static Response created(Object body) {
        return Response.status(Response.Status.CREATED).header("Cache-Control", "no-store").entity(body).build();
    }

    private Caller caller() {
        return (Caller) security.getUserPrincipal();
    }
}
