/**
 * User accounts as the admin API and the billing webhook manage them: creation with quota row and first key,
 * plan changes and deletion, each telling key caches that what they hold is stale.
 */
package dev.whitemagic.rest.accounts;
