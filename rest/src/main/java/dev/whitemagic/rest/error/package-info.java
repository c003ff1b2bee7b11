/**
 * The only place where failures become HTTP: one mapper per family of exceptions, a catch-all that
 * logs with the request id, and the error page for what the container itself refuses.
 */
package dev.whitemagic.rest.error;
