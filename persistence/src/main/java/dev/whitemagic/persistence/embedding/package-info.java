/**
 * Search by meaning, the part with I/O: the embedding model run in the server, the stored vectors, and the
 * background work that keeps them in step with the memories.
 */
package dev.whitemagic.persistence.embedding;
