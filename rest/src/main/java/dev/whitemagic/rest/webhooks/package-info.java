/**
 * Webhooks of outside systems: {@code POST /webhooks/whop}, public but signed, which moves accounts between plans.
 */
package dev.whitemagic.rest.webhooks;
