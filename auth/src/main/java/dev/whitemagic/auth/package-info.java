/**
 * Authentication of API calls: the key lifecycle and the CDI authentication mechanism
 * (filled by the API-key issue).
 */
package dev.whitemagic.auth;
