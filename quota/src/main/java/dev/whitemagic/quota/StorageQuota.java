package dev.whitemagic.quota;

import dev.whitemagic.domain.QuotaExceededException;
import dev.whitemagic.domain.plan.PlanLimits;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.persistence.metrics.Counter;
import dev.whitemagic.persistence.metrics.Metrics;
import dev.whitemagic.persistence.quota.StorageCounters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The memory and storage caps of a user's plan, kept in the caller's transaction: every memory write tells this
 * class how it changes the user's memories and bytes, and the quotas row changes with it, so the counters never
 * disagree with the memories table once the transaction ends (committed or rolled back).
 * <p>
 * Only growth is checked: a create ({@code +1} memory, {@code +size} bytes) and an edit that makes a memory larger.
 * What frees space or keeps it (a smaller or same-size edit, a permanent delete) always works, also for a user over a
 * cap since a plan change; archiving and restoring change nothing, because archived memories count until they are
 * deleted for good. Consolidation's copies are maintenance: they count, but are never refused.
 * <p>
 * The common case is one conditional UPDATE of the user's row, which also locks it until the transaction ends, so
 * concurrent writes of one user are counted exactly and no cap is overshot. Only a refusal (or a missing row) costs
 * more: the row is read under that lock to tell which cap refused. Refusals are counted in
 * {@code wm_quota_refusals_total} by cap and plan, never by user or key.
 * <p>
 * Call it <em>before</em> the memory change reaches the database in the same transaction (before {@code persist},
 * {@code remove} or an edit): a user without a quota row gets one counted from the memories table as the transaction
 * sees it, which must not yet include the change being counted.
 */
@ApplicationScoped
public class StorageQuota {

    static final String REFUSALS = "wm_quota_refusals_total";

    @Inject
    StorageCounters counters;

    @Inject
    Plans plans;

    @Inject
    Clock clock;

    @Inject
    Metrics metrics;

    /** For CDI: the collaborators arrive by field injection. */
    protected StorageQuota() {
    }

    /** For tests outside a container; the caller runs the transactions. */
    public StorageQuota(StorageCounters counters, Plans plans, Clock clock, Metrics metrics) {
        this.counters = Objects.requireNonNull(counters, "counters");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Counts a change that the user's plan must allow: refused if a counter that grows would pass its cap.
     *
     * @param userId     the owner of the memories
     * @param storedTier the caller's plan as stored (an unknown tier is free)
     * @param memories   memories added (1 for a create, 0 for an edit)
     * @param bytes      bytes added; negative for a shrink, which is never refused
     * @throws QuotaExceededException if the plan's memory cap (checked first) or storage cap would be passed; the
     *                                counters are then unchanged
     */
    public void reserve(UUID userId, String storedTier, long memories, long bytes) {
        Objects.requireNonNull(userId, "userId");
        if (memories == 0 && bytes == 0) {
            return;
        }
        PlanTier tier = PlanTier.ofStored(storedTier);
        PlanLimits limits = plans.of(tier);
        if (counters.addWithinCaps(userId, memories, bytes, limits.maxMemories(), limits.maxStorageBytes())) {
            return;
        }
        // Refused, or no row. Decide again on the row as it is now, locked, so the answer stays true until commit.
        StorageCounters.Usage usage = lockedUsage(userId);
        if (memories > 0 && usage.memories() + memories > limits.maxMemories()) {
            throw refused(QuotaExceededException.memories(tier.value(), limits.maxMemories()));
        }
        if (bytes > 0 && usage.bytes() + bytes > limits.maxStorageBytes()) {
            throw refused(QuotaExceededException.storage(tier.value(), limits.maxStorageBytes()));
        }
        // Room after all: the row was missing, or another transaction freed space in between.
        counters.add(userId, memories, bytes);
    }

    /**
     * Counts memories or bytes that went away (a permanent delete); never refused.
     *
     * @param memories memories removed (positive)
     * @param bytes    bytes removed (positive)
     */
    public void release(UUID userId, long memories, long bytes) {
        addUnchecked(userId, -memories, -bytes);
    }

    /**
     * Counts what maintenance adds (consolidation's long-term copies and summary): it takes space like any memory
     * but is never refused, even past a cap.
     *
     * @param memories memories added
     * @param bytes    bytes added
     */
    public void reserveExempt(UUID userId, long memories, long bytes) {
        addUnchecked(userId, memories, bytes);
    }

    private void addUnchecked(UUID userId, long memories, long bytes) {
        Objects.requireNonNull(userId, "userId");
        if (memories == 0 && bytes == 0) {
            return;
        }
        if (!counters.add(userId, memories, bytes)) {
            lockedUsage(userId);
            counters.add(userId, memories, bytes);
        }
    }

    /** The user's counters, read under the row lock; a missing row is created first, counted from memories. */
    private StorageCounters.Usage lockedUsage(UUID userId) {
        Optional<StorageCounters.Usage> usage = counters.lock(userId);
        if (usage.isPresent()) {
            return usage.get();
        }
        counters.createFromMemories(userId, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        return counters.lock(userId).orElseThrow(() -> new IllegalStateException(
                "no quota row for user " + userId + " even after creating one"));
    }

    /** Creates every refusal counter at 0, one per cap and plan, so that they are there before the first refusal. */
    public void registerRefusalCounters() {
        for (QuotaExceededException.Cap cap : QuotaExceededException.Cap.values()) {
            for (PlanTier tier : PlanTier.values()) {
                refusals().touch(cap.value(), tier.value());
            }
        }
    }

    private QuotaExceededException refused(QuotaExceededException refusal) {
        refusals().inc(refusal.cap().value(), refusal.plan());
        return refusal;
    }

    private Counter refusals() {
        return metrics.counter(REFUSALS, "Memory writes refused with 403 quota_exceeded, by cap (memories, storage)"
                + " and plan", "cap", "plan");
    }
}
