/**
 * API keys as stored: only the hash of a key, its display prefix, its environment label and scopes, and its
 * lifecycle (active, expiry, revocation, last use). Generating and hashing raw keys belongs to the auth module.
 */
package dev.whitemagic.domain.apikey;
