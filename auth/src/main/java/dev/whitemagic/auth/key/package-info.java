/**
 * API keys: their format, generation and hashing, their lifecycle (create, list, revoke, rotate) and the
 * verification of a presented key into a {@link dev.whitemagic.auth.key.Caller}.
 */
package dev.whitemagic.auth.key;
