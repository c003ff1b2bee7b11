package dev.whitemagic.rest.memories;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.domain.ConflictException;
import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.NotFoundException;
import dev.whitemagic.domain.PreconditionFailedException;
import dev.whitemagic.domain.QuotaExceededException;
import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.domain.memory.MemoryEdit;
import dev.whitemagic.domain.memory.MemoryStats;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.domain.memory.Page;
import dev.whitemagic.domain.memory.StatusFilter;
import dev.whitemagic.domain.memory.TagCount;
import dev.whitemagic.domain.memory.Tags;
import dev.whitemagic.persistence.idempotency.IdempotencyRepository;
import dev.whitemagic.persistence.memory.MemoryRepository;
import dev.whitemagic.persistence.transaction.FlushBeforeCommit;
import dev.whitemagic.quota.StorageQuota;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The memory use cases, each in one transaction (a single read needs none): what a resource calls after it has turned a request
 * into values.
 * <p>
 * Every write that changes what a user keeps goes through {@link StorageQuota} in the same transaction, before the
 * memory change itself: a create counts one memory and its bytes and is refused at the plan's caps; an edit counts
 * the change of size and is refused only if it grows past the storage cap; a permanent delete gives both back.
 * Archiving and restoring change nothing (archived memories count until deleted for good), so they always work.
 */
@ApplicationScoped
@FlushBeforeCommit
public class Memories {

    /** How long an {@code Idempotency-Key} answers with its first answer. */
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    @Inject
    MemoryRepository memories;

    @Inject
    IdempotencyRepository idempotency;

    @Inject
    StorageQuota storageQuota;

    @Inject
    Clock clock;

    @Inject
    MemoryAccesses accesses;

    @Inject
    CreatedAnswers answers;

    /** A created memory's answer as JSON, the same text on the first call and on every replay. */
    public record Created(UUID id, String json) {
    }

    /**
     * Stores a memory, or replays the first answer to the same {@code Idempotency-Key} and body. A replay creates and
     * counts nothing, so it answers 201 even when the user is at a cap now. A refusal is not stored as an answer: a
     * retry with the same key after the user has freed space creates the memory.
     *
     * @throws QuotaExceededException if the plan's memory or storage cap would be passed; nothing is created
     */
    @Transactional
    public Created create(Caller caller, CreateMemoryRequest request, String idempotencyKey) {
        UUID userId = caller.userId();
        Instant now = clock.instant();
        String requestHash = null;
        if (idempotencyKey != null) {
            if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
                throw new InvalidInputException("Idempotency-Key", "must be 1-255 characters");
            }
            requestHash = answers.fingerprint(request);
            Optional<IdempotencyRepository.StoredResponse> stored =
                    idempotency.find(userId, idempotencyKey, now.minus(IDEMPOTENCY_WINDOW));
            if (stored.isPresent()) {
                if (!stored.get().requestHash().equals(requestHash)) {
                    throw new ConflictException("this Idempotency-Key was used with another body");
                }
                return new Created(stored.get().resourceId(), stored.get().responseBody());
            }
        }
        MemoryType type = request.type() == null ? MemoryType.SHORT_TERM : MemoryType.parse(request.type());
        Memory memory = new Memory(userId, request.title(), request.content(), type, request.tags(), now);
        try {
            storageQuota.reserve(userId, caller.planTier(), 1, memory.getSizeBytes());
        } catch (QuotaExceededException refused) {
            // A twin request with this key may have taken the last place while this one waited for the quota row;
            // then this is a retry, and it gets the twin's answer rather than a refusal.
            if (idempotencyKey != null) {
                Optional<IdempotencyRepository.StoredResponse> stored =
                        idempotency.find(userId, idempotencyKey, now.minus(IDEMPOTENCY_WINDOW));
                if (stored.isPresent() && stored.get().requestHash().equals(requestHash)) {
                    return new Created(stored.get().resourceId(), stored.get().responseBody());
                }
            }
            throw refused;
        }
        memories.persist(memory);
        String json = answers.json(memory);
        if (idempotencyKey != null
                && !idempotency.insertIfAbsent(userId, idempotencyKey, requestHash, 201, json, memory.getId(), now,
                        now.minus(IDEMPOTENCY_WINDOW))) {
            // Another request with this key committed first; this one must create nothing.
            throw new ConflictException("a request with this Idempotency-Key is already being processed");
        }
        return new Created(memory.getId(), json);
    }

    /**
     * One query and no transaction: the memory comes back detached, and the read is noted for the batched write of
     * {@code accessed_at} ({@link MemoryAccesses}), whose value the answer already shows.
     */
    public Memory get(UUID userId, UUID id) {
        Memory memory = find(userId, id);
        accesses.read(memory, clock.instant());
        return memory;
    }

    /** A page of the user's memories, newest first; one query and no transaction. */
    public Page<Memory> list(UUID userId, MemoryType type, List<String> tags, StatusFilter status, int limit,
                             String cursor) {
        return memories.list(userId, type, Tags.normalise(tags), status, limit, cursor);
    }

    /** Every tag of the user's active memories with its count, most used first. */
    public List<TagCount> tags(UUID userId) {
        return memories.tagCounts(userId);
    }

    /** The counts of the user's memories by type and status, and their most used tags. */
    public MemoryStats stats(UUID userId) {
        return memories.stats(userId);
    }

    /**
     * Edits a memory under a row lock. An edit that makes the memory larger must fit the plan's storage cap; one that
     * keeps or shrinks its size always works.
     *
     * @throws QuotaExceededException if the larger memory would pass the storage cap; nothing is changed
     */
    @Transactional
    public Memory update(Caller caller, UUID id, MemoryEdit edit, EntityTagHeader ifMatch) {
        UUID userId = caller.userId();
        Memory memory = memories.findForUpdate(userId, id).orElseThrow(Memories::notFound);
        if (ifMatch != null && !ifMatch.matchesStrongly(memory.etag())) {
            throw new PreconditionFailedException("the memory has changed since that ETag; fetch it again");
        }
        long growth = memory.sizeAfter(edit) - memory.getSizeBytes();
        storageQuota.reserve(userId, caller.planTier(), 0, growth);
        memory.edit(edit, clock.instant());
        return memory;
    }

    /** What forgetting a memory did. */
    public record Forgotten(UUID id, String title, Outcome outcome) {

        /** Archived now, archived before (nothing changed), or deleted for good. */
        public enum Outcome {
            ARCHIVED, ALREADY_ARCHIVED, DELETED;

            /** The wire form, e.g. {@code already_archived}. */
            public String value() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }
    }

    /** Archives a memory (it keeps counting), or deletes it for good and gives its place and bytes back. */
    @Transactional
    public Forgotten delete(UUID userId, UUID id, boolean permanent) {
        if (permanent) {
            // Locked, so that two concurrent deletes of one memory give its bytes back once: the second finds nothing.
            Memory memory = memories.findForUpdate(userId, id).orElseThrow(Memories::notFound);
            storageQuota.release(userId, 1, memory.getSizeBytes());
            memories.remove(memory);
            return new Forgotten(memory.getId(), memory.getTitle(), Forgotten.Outcome.DELETED);
        }
        Memory memory = find(userId, id);
        boolean archived = memory.archive(clock.instant());
        return new Forgotten(memory.getId(), memory.getTitle(),
                archived ? Forgotten.Outcome.ARCHIVED : Forgotten.Outcome.ALREADY_ARCHIVED);
    }

    @Transactional
    public Memory restore(UUID userId, UUID id) {
        Memory memory = find(userId, id);
        memory.restore(clock.instant());
        return memory;
    }

    private Memory find(UUID userId, UUID id) {
        return memories.find(userId, id).orElseThrow(Memories::notFound);
    }

    private static NotFoundException notFound() {
        return new NotFoundException("no such memory");
    }
}
