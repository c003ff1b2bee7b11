/**
 * The published OpenAPI document: shared pieces of it and the filter that keeps it clean.
 */
package dev.whitemagic.rest.openapi;
