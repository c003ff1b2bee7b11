/**
 * The bounds on database work (the statement timeout, the wait for a pooled connection): recognising a failure that
 * hit one, and lifting the statement timeout for maintenance that is long on purpose.
 */
package dev.whitemagic.persistence.limits;
