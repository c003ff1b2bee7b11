/**
 * The HTTP face of the service: the JAX-RS application and its cross-cutting configuration.
 */
package dev.whitemagic.rest;
