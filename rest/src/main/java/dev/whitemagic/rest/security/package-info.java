/**
 * The Jakarta Security authentication mechanism: canonical paths, API keys for the API, operator tokens for the admin
 * paths, and the 400/401/429/503 answers written before the application sees a request.
 */
package dev.whitemagic.rest.security;
