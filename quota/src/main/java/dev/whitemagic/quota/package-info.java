/**
 * Limits, metering and resets: the plans' numbers, the memory and storage caps, the minute, day and month request
 * windows, usage metering and the scheduled resets and purges.
 */
package dev.whitemagic.quota;
