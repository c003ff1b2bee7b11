/**
 * Limits on failed authentications per client address, so guessing keys costs the guesser time and the
 * database nothing.
 */
package dev.whitemagic.auth.throttle;
