/**
 * Memories over HTTP: create (idempotent with {@code Idempotency-Key}), list, get (with ETag), edit
 * (with If-Match), archive, delete, restore, tags and stats — one use case class in one transaction each.
 */
package dev.whitemagic.rest.memories;
