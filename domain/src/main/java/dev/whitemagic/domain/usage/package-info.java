/**
 * One row per authenticated request, kept for usage reports: who called which route, how it went and when (UTC).
 */
package dev.whitemagic.domain.usage;
