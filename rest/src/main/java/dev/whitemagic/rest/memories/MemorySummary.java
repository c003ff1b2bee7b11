package dev.whitemagic.rest.memories;

import dev.whitemagic.domain.memory.Memory;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A memory without its content, as search results carry it. */
@Schema(name = "MemorySummary")
public record MemorySummary(
        UUID id,
        String title,
        @Schema(enumeration = {"short_term", "long_term"}) String type,
        List<String> tags,
        @Schema(enumeration = {"active", "archived"}) String status,
        Instant createdAt,
        Instant updatedAt,
        @Schema(nullable = true) Instant accessedAt,
        @Schema(nullable = true) Instant archivedAt,
        @Schema(type = SchemaType.INTEGER, format = "int64") long sizeBytes) {

    public static MemorySummary of(Memory memory) {
        return new MemorySummary(memory.getId(), memory.getTitle(), memory.getType().value(), memory.getTags(),
                memory.getStatus().value(), memory.getCreatedAt(), memory.getUpdatedAt(), memory.getAccessedAt(),
                memory.getArchivedAt(), memory.getSizeBytes());
    }
}
