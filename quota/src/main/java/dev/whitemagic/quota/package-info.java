/**
 * Plan limits, request windows, usage metering and the scheduled resets (filled by the quota issue).
 */
package dev.whitemagic.quota;
