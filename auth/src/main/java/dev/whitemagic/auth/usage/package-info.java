/**
 * Keeps {@code api_keys.last_used_at} and {@code users.last_seen_at} current to within about a minute by
 * batching, so a request never waits for an UPDATE.
 */
package dev.whitemagic.auth.usage;
