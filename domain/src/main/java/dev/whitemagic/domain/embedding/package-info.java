/**
 * Search by meaning, the pure part: how a memory's text is cut into chunks for the embedding model, vector
 * arithmetic, and how keyword and semantic rankings are fused.
 */
package dev.whitemagic.domain.embedding;
