/**
 * Memories: what an agent stores, with its type, tags, archive lifecycle, storage size and ETag; an edit
 * ({@link dev.whitemagic.domain.memory.MemoryEdit}) checked once; the rules on tags
 * ({@link dev.whitemagic.domain.memory.Tags}) and page sizes ({@link dev.whitemagic.domain.memory.PageSize}); and the
 * read models of lists and searches, which the persistence module fills.
 */
package dev.whitemagic.domain.memory;
