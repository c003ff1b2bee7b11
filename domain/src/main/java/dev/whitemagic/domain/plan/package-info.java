/**
 * The plans a user can be on. Their limits are configuration and live with the quota module; this package only
 * names the tiers and says how a stored or requested tier is read.
 */
package dev.whitemagic.domain.plan;
