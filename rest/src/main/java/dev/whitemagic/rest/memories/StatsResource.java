package dev.whitemagic.rest.memories;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.auth.key.Scope;
import dev.whitemagic.domain.memory.MemoryStats;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("api/v1/stats")
@Tag(name = "Memories")
@SecurityRequirement(name = "bearerAuth")
@SecurityRequirement(name = "apiKeyAuth")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    @Inject
    Memories memories;

    @Context
    SecurityContext security;

    @GET
    @RolesAllowed(Scope.MEMORIES_READ_VALUE)
    @Operation(summary = "Counts of the caller's memories and their ten most used tags")
    @APIResponse(responseCode = "200", description = "The counts", content = @Content(schema = @Schema(ref = "Stats")))
    public StatsResponse stats() {
        Caller caller = (Caller) security.getUserPrincipal();
        return StatsResponse.of(memories.stats(caller.userId()));
    }

    /** The answer of {@code GET /api/v1/stats}; short- and long-term counts are of active memories. */
    @Schema(name = "Stats")
    public record StatsResponse(@Schema(type = SchemaType.INTEGER, format = "int64") long shortTermCount,
                                @Schema(type = SchemaType.INTEGER, format = "int64") long longTermCount,
                                @Schema(type = SchemaType.INTEGER, format = "int64") long archivedCount,
                                @Schema(type = SchemaType.INTEGER, format = "int64") long totalCount,
                                @Schema(type = SchemaType.INTEGER, format = "int64") long totalTags,
                                List<TagsResource.TagCountResponse> topTags,
                                @Schema(type = SchemaType.INTEGER, format = "int64", description = "Memories not"
                                        + " embedded yet for search by meaning (new or changed in the last seconds,"
                                        + " or from before an upgrade)") long embeddingsPending) {

        static StatsResponse of(MemoryStats stats) {
            return new StatsResponse(stats.shortTermCount(), stats.longTermCount(), stats.archivedCount(),
                    stats.totalCount(), stats.totalTags(),
                    stats.topTags().stream().map(TagsResource.TagCountResponse::of).toList(),
                    stats.embeddingsPending());
        }
    }
}
