/**
 * What the authentication hot path remembers between requests: verified keys, keys the database did not know,
 * and the cross-node invalidation (PostgreSQL LISTEN/NOTIFY) that keeps the first of these honest.
 */
package dev.whitemagic.auth.cache;
