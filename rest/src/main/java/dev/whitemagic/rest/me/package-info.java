/**
 * The account behind the calling key: who, on which plan, and (with the quota issue) how much is used.
 */
package dev.whitemagic.rest.me;
