/**
 * Full-text search over the caller's memories (web-search syntax, ranking, snippets, typo fallback).
 */
package dev.whitemagic.rest.search;
