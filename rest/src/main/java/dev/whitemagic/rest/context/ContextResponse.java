package dev.whitemagic.rest.context;

import dev.whitemagic.domain.context.ContextPackage;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A context package: Markdown for a prompt, and which memories it holds. */
@Schema(name = "ContextPackage")
public record ContextResponse(
        int tier,
        @Schema(description = "Markdown: ## Context Package (Tier N), ### Short-Term Memories, ### Long-Term Knowledge")
        String context,
        @Schema(description = "How many memories the package actually includes") int memoriesIncluded,
        List<UUID> memoryIds) {

    public static ContextResponse of(ContextPackage contextPackage) {
        return new ContextResponse(contextPackage.tier(), contextPackage.markdown(), contextPackage.memoriesIncluded(),
                contextPackage.memoryIds());
    }
}
