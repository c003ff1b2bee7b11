/**
 * The public version endpoint: which build answers, and which API version it speaks.
 */
package dev.whitemagic.rest.version;
