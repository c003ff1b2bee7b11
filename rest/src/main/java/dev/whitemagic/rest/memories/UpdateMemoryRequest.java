package dev.whitemagic.rest.memories;

import dev.whitemagic.domain.memory.MemoryEdit;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.rest.validation.Chars;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A partial edit: absent fields stay as they are; an empty body is refused. */
@Schema(name = "UpdateMemoryRequest")
public record UpdateMemoryRequest(
        @Chars(min = 1, max = 500) @Schema(nullable = true, minLength = 1, maxLength = 500) String title,
        @Chars(min = 1, max = 100_000) @Schema(nullable = true, minLength = 1, maxLength = 100000) String content,
        @Schema(nullable = true, enumeration = {"short_term", "long_term"}) String type,
        @Schema(nullable = true, description = "Replaces all tags") List<String> tags,
        @Schema(nullable = true, description = "Tags to add") List<String> addTags,
        @Schema(nullable = true, description = "Tags to remove") List<String> removeTags) {

    // See CreateMemoryRequest for why the canonical constructor is explicit.
    public UpdateMemoryRequest(String title, String content, String type, List<String> tags, List<String> addTags,
                               List<String> removeTags) {
        this.title = title;
        this.content = content;
        this.type = type;
        this.tags = tags;
        this.addTags = addTags;
        this.removeTags = removeTags;
    }

    /** A request without a body: an edit of nothing, which {@link MemoryEdit} refuses. */
    static final UpdateMemoryRequest NOTHING = new UpdateMemoryRequest(null, null, null, null, null, null);

    /** @throws dev.whitemagic.domain.InvalidInputException as {@link MemoryEdit} and {@link MemoryType#parse} do */
    public MemoryEdit toEdit() {
        return new MemoryEdit(title, content, type == null ? null : MemoryType.parse(type), tags, addTags, removeTags);
    }
}
