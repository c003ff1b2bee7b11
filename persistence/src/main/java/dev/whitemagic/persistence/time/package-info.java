/**
 * The application's one source of time: an injected UTC {@link java.time.Clock}, so that expiry and quota windows
 * can be tested with a fixed clock.
 */
package dev.whitemagic.persistence.time;
