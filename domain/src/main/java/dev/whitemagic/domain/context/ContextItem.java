package dev.whitemagic.domain.context;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the context rules need of a memory. Kept apart from the memory entity so that the rules stay free of JPA
 * and can be fed from a query projection as well as from entities.
 *
 * @param id        the memory's id
 * @param title     the memory's title, as stored (Markdown allowed)
 * @param content   the memory's content, as stored (Markdown allowed)
 * @param tags      the memory's tags, normalised as stored; {@code null} counts as none
 * @param createdAt when the memory was created
 */
public record ContextItem(UUID id, String title, String content, List<String> tags, Instant createdAt) {

    public ContextItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(createdAt, "createdAt");
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
