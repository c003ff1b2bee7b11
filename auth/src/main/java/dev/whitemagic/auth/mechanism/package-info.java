/**
 * The Jakarta Security authentication mechanism: API keys for the API, operator tokens for the admin
 * paths, and the 401/429 answers written before the application sees a request.
 */
package dev.whitemagic.auth.mechanism;
