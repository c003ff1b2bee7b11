package dev.whitemagic.domain.memory;

import static dev.whitemagic.domain.Arguments.requireText;

import dev.whitemagic.domain.InvalidInputException;

import java.util.List;

/**
 * A partial edit of a memory, checked and normalised once when it is made: {@code null} leaves a field as it is. Tags
 * are replaced by {@code tags} if given, then {@code addTags} are added and {@code removeTags} removed.
 *
 * @param title      the new title, or {@code null}
 * @param content    the new content, or {@code null}
 * @param type       the new type, or {@code null}
 * @param tags       the new tags, normalised, or {@code null}
 * @param addTags    tags to add, normalised, or {@code null}
 * @param removeTags tags to remove, normalised, or {@code null}
 */
public record MemoryEdit(String title, String content, MemoryType type, List<String> tags, List<String> addTags,
                         List<String> removeTags) {

    /**
     * @throws InvalidInputException on {@code body} if the edit changes nothing, on {@code title} or {@code content}
     *                               if one is blank or too long, on {@code tags} (also for {@code add_tags} and
     *                               {@code remove_tags}) as {@link Tags#normalise} does
     */
    public MemoryEdit {
        if (title == null && content == null && type == null && tags == null && addTags == null
                && removeTags == null) {
            throw new InvalidInputException("body", "give at least one of title, content, type, tags, add_tags, "
                    + "remove_tags");
        }
        if (title != null) {
            requireText(title, "title", Memory.MAX_TITLE_LENGTH);
        }
        if (content != null) {
            requireText(content, "content", Memory.MAX_CONTENT_LENGTH);
        }
        tags = tags == null ? null : Tags.normalise(tags);
        addTags = addTags == null ? null : Tags.normalise(addTags);
        removeTags = removeTags == null ? null : Tags.normalise(removeTags);
    }

    /** Whether the edit touches the tags at all. */
    boolean changesTags() {
        return tags != null || addTags != null || removeTags != null;
    }
}
