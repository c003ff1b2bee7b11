package dev.whitemagic.rest.memories;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.auth.key.Scope;
import dev.whitemagic.domain.memory.TagCount;
import dev.whitemagic.rest.Items;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("api/v1/tags")
@Tag(name = "Memories")
@SecurityRequirement(name = "bearerAuth")
@SecurityRequirement(name = "apiKeyAuth")
@Produces(MediaType.APPLICATION_JSON)
public class TagsResource {

    @Inject
    Memories memories;

    @Context
    SecurityContext security;

    @GET
    @RolesAllowed(Scope.MEMORIES_READ_VALUE)
    @Operation(summary = "Tags of active memories, most used first")
    @APIResponse(responseCode = "200", description = "Every tag with its count",
            content = @Content(schema = @Schema(ref = "TagCountList")))
    public Items<TagCountResponse> tags() {
        Caller caller = (Caller) security.getUserPrincipal();
        return new Items<>(memories.tags(caller.userId()).stream().map(TagCountResponse::of).toList());
    }

    /** A tag and how many active memories carry it. */
    @Schema(name = "TagCount")
    public record TagCountResponse(String tag, @Schema(type = SchemaType.INTEGER, format = "int64") long count) {

        static TagCountResponse of(TagCount tagCount) {
            return new TagCountResponse(tagCount.tag(), tagCount.count());
        }
    }
}
