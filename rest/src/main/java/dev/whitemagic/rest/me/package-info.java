/**
 * The account behind the calling key: who, on which plan, and how much of it is used.
 */
package dev.whitemagic.rest.me;
