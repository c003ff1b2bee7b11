/**
 * Storing, listing and searching memories: keyset pages newest first, tag counts and stats, and PostgreSQL full-text
 * search with a trigram fallback. Every query is scoped by the caller's user id.
 */
package dev.whitemagic.persistence.memory;
