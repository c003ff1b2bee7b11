/**
 * Billing through Whop: verifying and reading its webhook events, and moving accounts between plans by them, each
 * event once and never an older one over a newer one.
 */
package dev.whitemagic.rest.billing;
