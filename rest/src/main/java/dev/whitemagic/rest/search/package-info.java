/**
 * Searching the caller's memories (web-search syntax, ranking, snippets, typo fallback): the resource and its use
 * case, which runs each search in one transaction.
 */
package dev.whitemagic.rest.search;
