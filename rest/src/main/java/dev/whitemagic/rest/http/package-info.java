/**
 * What every request passes through before and after its resource: request ids and safety headers, the body limit,
 * the requests in flight, and the background work that starts and stops with the web application.
 */
package dev.whitemagic.rest.http;
