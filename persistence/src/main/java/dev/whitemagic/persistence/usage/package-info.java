/**
 * The usage_records table in plain JDBC: metered requests written in batches off the request path, the daily
 * per-endpoint counts of a user's usage report, and the purge of rows past their retention.
 */
package dev.whitemagic.persistence.usage;
