package dev.whitemagic.rest.context;

import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a consolidation did, or would do. */
@Schema(name = "ConsolidateResult")
public record ConsolidateResponse(int archivedCount, int promotedCount,
                                  @Schema(nullable = true) UUID consolidatedMemoryId, boolean dryRun) {

    static ConsolidateResponse of(Consolidation.Outcome outcome) {
        return new ConsolidateResponse(outcome.archivedCount(), outcome.promotedCount(),
                outcome.consolidatedMemoryId(), outcome.dryRun());
    }
}
