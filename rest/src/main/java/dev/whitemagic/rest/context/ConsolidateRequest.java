package dev.whitemagic.rest.context;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A consolidation run; a dry run by default. */
@Schema(name = "ConsolidateRequest")
public record ConsolidateRequest(
        @Schema(nullable = true, description = "Default true: report what a real run would do, change nothing")
        Boolean dryRun,
        @Schema(nullable = true, minimum = "0", maximum = "36500", description = "Default 7") Integer minAgeDays) {
}
