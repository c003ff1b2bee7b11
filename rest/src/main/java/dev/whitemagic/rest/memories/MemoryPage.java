package dev.whitemagic.rest.memories;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of memories. */
@Schema(name = "MemoryPage")
public record MemoryPage(
        List<MemoryResponse> items,
        @Schema(nullable = true, description = "Pass back as cursor for the next page; null on the last page")
        String nextCursor) {
}
