package dev.whitemagic.rest.search;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A search; every field is optional. */
@Schema(name = "SearchRequest")
public record SearchRequest(
        @Schema(nullable = true, description = "Web-search syntax: words, \"exact phrase\", or, -excluded; "
                + "absent: newest first") String query,
        @Schema(nullable = true, description = "All must match") List<String> tags,
        @Schema(nullable = true, enumeration = {"short_term", "long_term"}) String type,
        @Schema(nullable = true, description = "Default false") Boolean includeArchived,
        @Schema(nullable = true, minimum = "1", maximum = "100", description = "Default 20") Integer limit,
        @Schema(nullable = true) String cursor,
        @Schema(nullable = true, enumeration = {"hybrid", "keyword", "semantic"}, description = "How to find: "
                + "hybrid (default) fuses keyword and meaning, keyword is full text alone, semantic is by meaning "
                + "alone") String mode) {
}
