package dev.whitemagic.rest.memories;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.auth.key.Scope;
import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.domain.memory.Page;
import dev.whitemagic.domain.memory.PageSize;
import dev.whitemagic.domain.memory.StatusFilter;
import dev.whitemagic.rest.error.Problem;
import dev.whitemagic.rest.http.HttpDates;
import dev.whitemagic.rest.http.QueryFlags;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("api/v1/memories")
@Tag(name = "Memories")
@SecurityRequirement(name = "bearerAuth")
@SecurityRequirement(name = "apiKeyAuth")
@Produces(MediaType.APPLICATION_JSON)
public class MemoriesResource {

    @Inject
    Memories memories;

    @Context
    SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scope.MEMORIES_WRITE_VALUE)
    @Operation(summary = "Store a memory", description = "With an Idempotency-Key, a retry with the same body within "
            + "24 h returns the first answer and creates nothing; the same key with another body is 409. A memory "
            + "that would pass the plan's memory or storage cap is refused with 403 quota_exceeded (not stored as "
            + "the key's answer, so a retry after freeing space can succeed).")
    @APIResponse(responseCode = "201", description = "The memory", content = @Content(schema = @Schema(ref = "Memory")))
    public Response create(@NotNull @Valid CreateMemoryRequest body,
                           @Parameter(description = "1-255 characters of the client's choosing")
                           @HeaderParam("Idempotency-Key") String idempotencyKey) {
        Memories.Created created = memories.create(caller(), body, idempotencyKey);
        return Response.created(UriBuilder.fromPath("/api/v1/memories/{id}").build(created.id()))
                .type(MediaType.APPLICATION_JSON).entity(created.json()).build();
    }

    @GET
    @RolesAllowed(Scope.MEMORIES_READ_VALUE)
    @Operation(summary = "List memories, newest first", description = "Keyset pagination: pass next_cursor back as "
            + "cursor. Repeated tag parameters must all match.")
    @APIResponse(responseCode = "200", description = "A page", content = @Content(schema = @Schema(ref = "MemoryPage")))
    public MemoryPage list(@QueryParam("type") String type,
                           @QueryParam("tag") List<String> tags,
                           @Parameter(description = "active (default), archived or all")
                           @QueryParam("status") @DefaultValue("active") String status,
                           @Parameter(description = "1-200, default 50")
                           // Text, because JAX-RS answers a parameter that is not a number with 404, not 400.
                           @QueryParam("limit") @DefaultValue("50") String limitText,
                           @QueryParam("cursor") String cursor) {
        int limit = PageSize.LIST.parse(limitText);
        MemoryType memoryType = type == null ? null : MemoryType.parse(type);
        Page<Memory> page = memories.list(userId(), memoryType, tags, StatusFilter.parse(status), limit, cursor);
        return new MemoryPage(page.items().stream().map(MemoryResponse::of).toList(), page.nextCursor());
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Scope.MEMORIES_READ_VALUE)
    @Operation(summary = "A memory", description = "Carries an ETag for If-Match and If-None-Match and a "
            + "Last-Modified (updated_at) for If-Modified-Since; reading touches accessed_at.")
    @APIResponse(responseCode = "200", description = "The memory", content = @Content(schema = @Schema(ref = "Memory")))
    @APIResponse(responseCode = "304", description = "Not modified: If-None-Match names the memory's current ETag "
            + "(or is *), or, without If-None-Match, If-Modified-Since is not before its last change; no body")
    public Response get(@PathParam("id") UUID id,
                        @Parameter(description = "ETags the client holds; the current one answers 304")
                        @HeaderParam("If-None-Match") String ifNoneMatch,
                        @Parameter(description = "An HTTP date; ignored when If-None-Match is sent, or malformed")
                        @HeaderParam("If-Modified-Since") String ifModifiedSince) {
        Memory memory = memories.get(userId(), id);
        if (notModified(memory, ifNoneMatch, ifModifiedSince)) {
            return Response.notModified(entityTag(memory))
                    .header(HttpHeaders.LAST_MODIFIED, HttpDates.format(memory.getUpdatedAt())).build();
        }
        return withEtag(memory);
    }

    /** If-None-Match decides when present (RFC 9110, 13.2.2); only without it does If-Modified-Since. */
    private static boolean notModified(Memory memory, String ifNoneMatch, String ifModifiedSince) {
        if (ifNoneMatch != null) {
            EntityTagHeader held = EntityTagHeader.parse(ifNoneMatch);
            return held != null && held.matchesWeakly(memory.etag());
        }
        return HttpDates.parse(ifModifiedSince)
                .map(since -> !HttpDates.toSecond(memory.getUpdatedAt()).isAfter(since))
                .orElse(false);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scope.MEMORIES_WRITE_VALUE)
    @Operation(summary = "Edit a memory", description = "Absent fields stay; If-Match with a stale ETag is 412. An edit "
            + "that makes the memory larger than the plan's storage cap allows is 403 quota_exceeded; one that keeps "
            + "or shrinks its size always works.")
    @APIResponse(responseCode = "200", description = "The memory", content = @Content(schema = @Schema(ref = "Memory")))
    @APIResponse(responseCode = "412", description = "precondition_failed: the If-Match ETag is stale",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response patch(@PathParam("id") UUID id, @Valid UpdateMemoryRequest body,
                          @HeaderParam("If-Match") String ifMatch) {
        UpdateMemoryRequest request = body == null ? UpdateMemoryRequest.NOTHING : body;
        return withEtag(memories.update(caller(), id, request.toEdit(), EntityTagHeader.parse(ifMatch)));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scope.MEMORIES_WRITE_VALUE)
    @Operation(summary = "Edit a memory (same as PATCH)")
    @APIResponse(responseCode = "200", description = "The memory", content = @Content(schema = @Schema(ref = "Memory")))
    @APIResponse(responseCode = "412", description = "precondition_failed: the If-Match ETag is stale",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response put(@PathParam("id") UUID id, @Valid UpdateMemoryRequest body,
                        @HeaderParam("If-Match") String ifMatch) {
        return patch(id, body, ifMatch);
    }

    @DELETE
    @Path("{id}")
    // A 204 has no body: a client that accepts only problem details (what an error would be) is answered too.
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @RolesAllowed(Scope.MEMORIES_WRITE_VALUE)
    @Operation(summary = "Archive a memory, or delete it for good with permanent=true")
    @APIResponse(responseCode = "204", description = "Archived or deleted")
    public Response delete(@PathParam("id") UUID id, @QueryParam("permanent") String permanent) {
        memories.delete(userId(), id, QueryFlags.parse("permanent", permanent));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/restore")
    @RolesAllowed(Scope.MEMORIES_WRITE_VALUE)
    @Operation(summary = "Restore an archived memory to its original type")
    @APIResponse(responseCode = "200", description = "The memory", content = @Content(schema = @Schema(ref = "Memory")))
    @APIResponse(responseCode = "409", description = "conflict: the memory is not archived",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response restore(@PathParam("id") UUID id) {
        return withEtag(memories.restore(userId(), id));
    }

    private static Response withEtag(Memory memory) {
        return Response.ok(MemoryResponse.of(memory)).tag(entityTag(memory))
                .header(HttpHeaders.LAST_MODIFIED, HttpDates.format(memory.getUpdatedAt())).build();
    }

    private static EntityTag entityTag(Memory memory) {
        String etag = memory.etag();
        return new EntityTag(etag.substring(1, etag.length() - 1));
    }

    private Caller caller() {
        return (Caller) security.getUserPrincipal();
    }

    private UUID userId() {
        return caller().userId();
    }
}
