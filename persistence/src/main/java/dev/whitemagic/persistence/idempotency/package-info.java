/**
 * The first answer to each {@code Idempotency-Key} of a user, kept so that a retried create returns it instead of
 * creating again.
 */
package dev.whitemagic.persistence.idempotency;
