package dev.whitemagic.rest.context;

import dev.whitemagic.domain.NotFoundException;
import dev.whitemagic.domain.context.ConsolidatedInsights;
import dev.whitemagic.domain.context.ConsolidationPlan;
import dev.whitemagic.domain.context.ContextItem;
import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.persistence.memory.MemoryRepository;
import dev.whitemagic.persistence.transaction.FlushBeforeCommit;
import dev.whitemagic.persistence.transaction.RetriedOnConflict;
import dev.whitemagic.quota.StorageQuota;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Archives old short-term memories, copying the valuable ones to long-term first and gathering them in
 * one summary memory. The same plan answers a dry run and drives the real one, so their counts agree.
 * <p>
 * Consolidation is maintenance: its copies and summary count against the user's memory and storage counters like
 * any memory, but the plan's caps never refuse them (archiving frees nothing, so a user at a cap could otherwise
 * never consolidate).
 * <p>
 * A real run writes many rows, so it may collide with another transaction writing some of them (the embedding worker
 * storing vectors, the user editing one); undone by such a collision, it runs again.
 */
@ApplicationScoped
@FlushBeforeCommit
@RetriedOnConflict
public class Consolidation {

    @Inject
    MemoryRepository memories;

    @Inject
    StorageQuota storageQuota;

    @Inject
    Clock clock;

    /** What a consolidation did, or would do. */
    public record Outcome(int archivedCount, int promotedCount, UUID consolidatedMemoryId, boolean dryRun) {
    }

    @Transactional
    public Outcome run(UUID userId, int minAgeDays, boolean dryRun) {
        // Maintenance the user asks for, over all their old short-term memories: no statement timeout.
        memories.withoutStatementTimeout();
        Instant now = clock.instant();
        Instant cutoff = ConsolidationPlan.cutoff(now, minAgeDays);
        if (!dryRun) {
            // Locked before they are read, so nothing read goes stale before it is written (an entity's update
            // writes every column), and in the order the embedding worker locks them in.
            memories.lockActiveShortTermCreatedBefore(userId, cutoff);
        }
        List<ContextItem> candidates = memories.activeShortTermCreatedBefore(userId, cutoff).stream()
                .map(ContextPackages::item).toList();
        ConsolidationPlan plan = ConsolidationPlan.of(candidates, LocalDate.ofInstant(now, ZoneOffset.UTC));
        if (dryRun) {
            return new Outcome(plan.archivedCount(), plan.promotedCount(), null, true);
        }
        List<Memory> created = new ArrayList<>();
        for (ContextItem promoted : plan.toPromote()) {
            created.add(new Memory(userId, promoted.title(), promoted.content(), MemoryType.LONG_TERM,
                    promoted.tags(), now));
        }
        UUID summaryId = null;
        Optional<ConsolidatedInsights> summary = plan.summary();
        if (summary.isPresent()) {
            Memory insights = new Memory(userId, summary.get().title(), summary.get().content(), MemoryType.LONG_TERM,
                    summary.get().tags(), now);
            created.add(insights);
            summaryId = insights.getId();
        }
        // Archiving changes no counter. It comes first so the quota row is locked only for the inserts at the end.
        for (UUID id : plan.toArchive()) {
            memories.find(userId, id).orElseThrow(() -> new NotFoundException("no such memory")).archive(now);
        }
        // Counted before the inserts reach the database (StorageQuota's rule), and never refused.
        storageQuota.reserveExempt(userId, created.size(), created.stream().mapToLong(Memory::getSizeBytes).sum());
        created.forEach(memories::persist);
        return new Outcome(plan.archivedCount(), plan.promotedCount(), summaryId, false);
    }
}
