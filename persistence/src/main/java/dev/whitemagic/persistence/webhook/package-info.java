/**
 * The billing webhook events that were handled, kept so that each event id is handled once and an event older than
 * the last one applied to its membership can be told.
 */
package dev.whitemagic.persistence.webhook;
