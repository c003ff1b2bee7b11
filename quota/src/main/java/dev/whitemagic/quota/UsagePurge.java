package dev.whitemagic.quota;

import dev.whitemagic.persistence.Failures;
import dev.whitemagic.persistence.usage.UsageRepository;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Removes usage records past their retention once a day: a thin trigger around one idempotent purge, safe to run on
 * every node at once. Rows are kept for {@code wm.usage.retention-days} (default 90) whole UTC days before today, so
 * a day of a report is either complete or gone, never half purged.
 * <p>
 * No container transaction: the purge deletes in chunks, each its own short transaction, instead of holding one
 * huge transaction over all of them.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class UsagePurge {

    /** The most rows one purge statement deletes. */
    static final int CHUNK_SIZE = 10_000;

    private static final Logger LOG = Logger.getLogger(UsagePurge.class.getName());

    @Inject
    UsageRepository usage;

    @Inject
    Clock clock;

    @Inject
    QuotaConfig config;

    int retentionDays;

    @PostConstruct
    void configure() {
        retentionDays = config.usageRetentionDays();
    }

    @Schedule(hour = "2", minute = "41", timezone = "UTC", persistent = false)
    void purge() {
        LocalDate firstKept = firstKeptDay();
        try {
            long removed = usage.purgeBefore(firstKept, CHUNK_SIZE);
            LOG.info(() -> "purged " + removed + " usage records dated before " + firstKept);
        } catch (RuntimeException e) {
            // Tomorrow's run deletes what is left; the purge is idempotent.
            LOG.log(Level.WARNING, () -> "purging usage records dated before " + firstKept + " failed: "
                    + Failures.describe(e));
        }
    }

    /** @return the oldest UTC day whose records are kept: today minus the retention */
    LocalDate firstKeptDay() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(retentionDays);
    }
}
