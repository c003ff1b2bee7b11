package dev.whitemagic.rest.search;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of search results. */
@Schema(name = "SearchResults")
public record SearchResponse(List<SearchHitResponse> items,
                             @Schema(nullable = true, description = "Pass back as cursor; null on the last page")
                             String nextCursor) {
}
