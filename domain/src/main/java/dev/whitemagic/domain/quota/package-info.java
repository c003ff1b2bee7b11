/**
 * A user's running counters (requests today and this month, memories, storage) and the UTC dates they were last reset on.
 */
package dev.whitemagic.domain.quota;
