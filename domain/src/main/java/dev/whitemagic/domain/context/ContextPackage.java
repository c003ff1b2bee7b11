package dev.whitemagic.domain.context;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A composed context package, as the context endpoint answers it.
 *
 * @param tier             the tier's number, 0 to 2
 * @param markdown         the package as Markdown (format in {@link ContextComposer})
 * @param memoriesIncluded how many memories the Markdown holds
 * @param memoryIds        their ids in the order shown: short-term first, then long-term
 */
public record ContextPackage(int tier, String markdown, int memoriesIncluded, List<UUID> memoryIds) {

    public ContextPackage {
        Objects.requireNonNull(markdown, "markdown");
        memoryIds = List.copyOf(memoryIds);
    }
}
