package dev.whitemagic.rest.search;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.auth.key.Scope;
import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.domain.memory.PageSize;
import dev.whitemagic.domain.memory.SearchPage;
import dev.whitemagic.domain.memory.SearchMode;
import dev.whitemagic.domain.memory.SearchQuery;
import dev.whitemagic.domain.memory.Tags;
import dev.whitemagic.rest.http.QueryFlags;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("api/v1/search")
@Tag(name = "Search")
@SecurityRequirement(name = "bearerAuth")
@SecurityRequirement(name = "apiKeyAuth")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    @Inject
    Search search;

    @Context
    SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scope.MEMORIES_READ_VALUE)
    @Operation(summary = "Search memories", description = "By meaning and by words (mode hybrid, the default:"
            + " reciprocal rank fusion), by words alone (keyword: title weighs most, then tags, then content;"
            + " stemming; a typo still finds its memory by title similarity when full text finds nothing) or by"
            + " meaning alone (semantic). Quoted phrases and -excluded words are constraints in every mode.")
    @APIResponse(responseCode = "200", description = "A page of results",
            content = @Content(schema = @Schema(ref = "SearchResults")))
    public SearchResponse search(SearchRequest body) {
        SearchRequest request = body == null ? new SearchRequest(null, null, null, null, null, null, null) : body;
        return run(request.query(), request.tags(), request.type(), Boolean.TRUE.equals(request.includeArchived()),
                PageSize.SEARCH.of(request.limit()), request.cursor(), request.mode());
    }

    @GET
    @RolesAllowed(Scope.MEMORIES_READ_VALUE)
    @Operation(summary = "Search memories (query parameters)")
    @APIResponse(responseCode = "200", description = "A page of results",
            content = @Content(schema = @Schema(ref = "SearchResults")))
    public SearchResponse searchByQuery(@QueryParam("q") String query,
                                        @QueryParam("tag") List<String> tags,
                                        @QueryParam("type") String type,
                                        @QueryParam("include_archived") String includeArchived,
                                        @QueryParam("limit") @DefaultValue("20") String limit,
                                        @QueryParam("cursor") String cursor,
                                        @QueryParam("mode") String mode) {
        try {
            return run(query, tags, type, QueryFlags.parse("include_archived", includeArchived),
                    PageSize.SEARCH.parse(limit), cursor, mode);
        } catch (InvalidInputException e) {
            // The text is "query" in a body and "q" here: the answer names what this client sent.
            throw "query".equals(e.field()) ? new InvalidInputException("q", e.getMessage()) : e;
        }
    }

    private SearchResponse run(String query, List<String> tags, String type, boolean includeArchived, int limit,
                               String cursor, String mode) {
        MemoryType memoryType = type == null ? null : MemoryType.parse(type);
        SearchMode searchMode = SearchMode.of(mode);
        String text = query == null || query.isBlank() ? null : query;
        SearchPage page = search.search(((Caller) security.getUserPrincipal()).userId(),
                new SearchQuery(text, Tags.normalise(tags), memoryType, includeArchived, limit, cursor), searchMode);
        return new SearchResponse(page.items().stream().map(SearchHitResponse::of).toList(), page.nextCursor());
    }
}
