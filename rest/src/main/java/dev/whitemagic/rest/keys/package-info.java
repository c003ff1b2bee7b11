/**
 * The caller's own API keys: list, create, revoke, rotate, and the whoami of the calling key.
 */
package dev.whitemagic.rest.keys;
