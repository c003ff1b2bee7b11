/**
 * Authentication: request ids assigned where a request enters, and (with the API-key issue) the key lifecycle and the CDI authentication mechanism.
 */
package dev.whitemagic.auth;
