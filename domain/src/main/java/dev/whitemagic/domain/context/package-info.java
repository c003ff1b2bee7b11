/**
 * What a context request and a consolidation run decide, as pure rules: which memories a context package takes and
 * how it renders them as Markdown, and which short-term memories a consolidation archives and promotes. Callers fetch
 * the memories and carry out the decision; nothing here reads storage or the clock.
 */
package dev.whitemagic.domain.context;
