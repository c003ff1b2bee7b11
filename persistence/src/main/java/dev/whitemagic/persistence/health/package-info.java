/**
 * Whether the database can serve: it answers, and the migrations have run.
 */
package dev.whitemagic.persistence.health;
