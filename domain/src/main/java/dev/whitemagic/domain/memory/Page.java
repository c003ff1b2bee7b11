package dev.whitemagic.domain.memory;

import java.util.List;

/**
 * One page of a list.
 *
 * @param items      the items of this page, in order
 * @param nextCursor the opaque cursor of the next page, or {@code null} if this is the last one
 */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }
}
