/**
 * Pages for people: the interactive API documentation at {@code /docs} (Swagger UI) and the key owner's dashboard at
 * {@code /dashboard}, static files served from the WAR itself so that they work without internet.
 */
package dev.whitemagic.rest.pages;
