/** Creating the quota row of a new user; the counters themselves are changed by the quota module's SQL. */
package dev.whitemagic.persistence.quota;
