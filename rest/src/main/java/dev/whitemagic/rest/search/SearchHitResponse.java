package dev.whitemagic.rest.search;

import dev.whitemagic.domain.memory.SearchHit;
import dev.whitemagic.rest.memories.MemorySummary;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One search result: the memory without its content, its rank and a snippet with matches marked. */
@Schema(name = "SearchHit")
public record SearchHitResponse(
        MemorySummary memory,
        @Schema(type = SchemaType.NUMBER, format = "double", description = "Higher is better; 0 without a query")
        double score,
        @Schema(description = "Matched words marked <<like this>>; for a match by meaning alone, the start of the"
                + " best-matching chunk, unmarked") String snippet,
        @Schema(enumeration = {"keyword", "semantic", "both"}, description = "How it was found") String match) {

    public static SearchHitResponse of(SearchHit hit) {
        return new SearchHitResponse(MemorySummary.of(hit.memory()), hit.score(), hit.snippet(),
                hit.match().value());
    }
}
