/**
 * What every request leaves behind: for operators a count and a timer per route template, method and status class,
 * in the application scope of {@code /metrics}; for the caller a usage record per request made with a key.
 */
package dev.whitemagic.rest.metrics;
