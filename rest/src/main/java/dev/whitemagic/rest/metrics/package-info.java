/**
 * Request metrics for operators: a count and a timer per route template, method and status class,
 * in the application scope of {@code /metrics}.
 */
package dev.whitemagic.rest.metrics;
