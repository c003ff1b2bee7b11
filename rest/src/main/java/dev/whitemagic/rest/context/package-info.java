/**
 * Context packages for an agent's prompt, and the consolidation of old short-term memories.
 */
package dev.whitemagic.rest.context;
