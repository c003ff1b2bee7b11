/**
 * The {@code quotas} row of each user: created with the user ({@link dev.whitemagic.persistence.quota.QuotaRepository}),
 * its request windows counted by {@link dev.whitemagic.persistence.quota.RequestCounters} and its memory and storage
 * counters by {@link dev.whitemagic.persistence.quota.StorageCounters}, each with atomic SQL.
 */
package dev.whitemagic.persistence.quota;
