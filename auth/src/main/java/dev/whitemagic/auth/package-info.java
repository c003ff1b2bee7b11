/**
 * Authentication and keys: the API-key lifecycle and its verification, the caches and their invalidation across
 * nodes, the failed-attempt throttle, key usage and the admin token. The HTTP mechanism that uses them is in rest.
 */
package dev.whitemagic.auth;
