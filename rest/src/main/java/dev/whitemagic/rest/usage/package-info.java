/**
 * The caller's usage report: requests, errors and response times per UTC day and route template.
 */
package dev.whitemagic.rest.usage;
