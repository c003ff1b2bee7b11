package dev.whitemagic.domain.memory;

/**
 * How many active memories of a user carry a tag.
 *
 * @param tag   the normalised tag
 * @param count the number of active memories with it
 */
public record TagCount(String tag, long count) {
}
