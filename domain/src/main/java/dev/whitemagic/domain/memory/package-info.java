/**
 * Memories: what an agent stores, with its type, tags, archive lifecycle, storage size and ETag. The rules on tags
 * live in {@link dev.whitemagic.domain.memory.Tags}; searching and listing belong to the persistence module.
 */
package dev.whitemagic.domain.memory;
