/**
 * The edge of every HTTP request: request ids and problem-details bodies, written wherever a
 * request can end, including before the JAX-RS application sees it (authentication, filters).
 */
package dev.whitemagic.auth.web;
