package dev.whitemagic.rest.memories;

import dev.whitemagic.domain.memory.Memory;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A memory as its owner sees it. */
@Schema(name = "Memory")
public record MemoryResponse(
        UUID id,
        String title,
        String content,
        @Schema(enumeration = {"short_term", "long_term"}) String type,
        List<String> tags,
        @Schema(enumeration = {"active", "archived"}) String status,
        Instant createdAt,
        Instant updatedAt,
        @Schema(nullable = true, description = "Kept current to within a minute; not part of the ETag") Instant accessedAt,
        @Schema(nullable = true) Instant archivedAt,
        @Schema(type = SchemaType.INTEGER, format = "int64",
                description = "UTF-8 bytes of title, content and tags: what storage quotas count") long sizeBytes) {

    public static MemoryResponse of(Memory memory) {
        return new MemoryResponse(memory.getId(), memory.getTitle(), memory.getContent(), memory.getType().value(),
                memory.getTags(), memory.getStatus().value(), memory.getCreatedAt(), memory.getUpdatedAt(),
                memory.getAccessedAt(), memory.getArchivedAt(), memory.getSizeBytes());
    }
}
