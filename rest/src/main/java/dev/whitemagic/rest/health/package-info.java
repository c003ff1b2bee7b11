/**
 * MicroProfile Health checks: liveness is the server's own, readiness asks the database.
 */
package dev.whitemagic.rest.health;
