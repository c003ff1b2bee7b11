/**
 * The account of a customer: identity, Whop membership and plan tier. Everything else a user owns
 * (keys, quota, usage) hangs off {@link dev.whitemagic.domain.user.User}.
 */
package dev.whitemagic.domain.user;
