/**
 * What every request passes through before and after its resource: request ids and safety headers,
 * the body limit, and the request metrics.
 */
package dev.whitemagic.rest.http;
