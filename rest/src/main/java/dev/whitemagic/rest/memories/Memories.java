package dev.whitemagic.rest.memories;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.domain.ConflictException;
import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.NotFoundException;
import dev.whitemagic.domain.PreconditionFailedException;
import dev.whitemagic.domain.QuotaExceededException;
import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.domain.memory.Tags;
import dev.whitemagic.persistence.idempotency.IdempotencyRepository;
import dev.whitemagic.persistence.memory.MemoryRepository;
import dev.whitemagic.quota.StorageQuota;
import dev.whitemagic.rest.SnakeCaseJsonb;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
            requestHash = sha256(SnakeCaseJsonb.jsonb().toJson(request));
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
        Memory memory = new Memory(userId, request.title(), request.content(), type, Tags.normalise(request.tags()), now);
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
        String json = SnakeCaseJsonb.jsonb().toJson(MemoryResponse.of(memory));
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

    /**
     * Edits a memory under a row lock. An edit that makes the memory larger must fit the plan's storage cap; one that
     * keeps or shrinks its size always works.
     *
     * @throws QuotaExceededException if the larger memory would pass the storage cap; nothing is changed
     */
    @Transactional
    public Memory update(Caller caller, UUID id, UpdateMemoryRequest request, String ifMatch) {
        UUID userId = caller.userId();
        if (request == null || request.isEmpty()) {
            throw new InvalidInputException("body", "give at least one of title, content, type, tags, add_tags, "
                    + "remove_tags");
        }
        Memory memory = memories.findForUpdate(userId, id).orElseThrow(Memories::notFound);
        if (ifMatch != null && !matches(ifMatch, memory.etag())) {
            throw new PreconditionFailedException("the memory has changed since that ETag; fetch it again");
        }
        if (request.title() != null && request.title().isBlank()) {
            throw new InvalidInputException("title", "must not be blank");
        }
        if (request.content() != null && request.content().isBlank()) {
            throw new InvalidInputException("content", "must not be blank");
        }
        MemoryType type = request.type() == null ? null : MemoryType.parse(request.type());
        List<String> tags = newTags(memory, request);
        long growth = memory.sizeAfterEdit(request.title(), request.content(), tags) - memory.getSizeBytes();
        storageQuota.reserve(userId, caller.planTier(), 0, growth);
        memory.edit(request.title(), request.content(), type, tags, clock.instant());
        return memory;
    }

    /** Archives a memory (it keeps counting), or deletes it for good and gives its place and bytes back. */
    @Transactional
    public void delete(UUID userId, UUID id, boolean permanent) {
        if (permanent) {
            // Locked, so that two concurrent deletes of one memory give its bytes back once: the second finds nothing.
            Memory memory = memories.findForUpdate(userId, id).orElseThrow(Memories::notFound);
            storageQuota.release(userId, 1, memory.getSizeBytes());
            memories.remove(memory);
            return;
        }
        find(userId, id).archive(clock.instant());
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

    /** The tags after an edit: a replacement list first, then additions, then removals; null if untouched. */
    private static List<String> newTags(Memory memory, UpdateMemoryRequest request) {
        if (request.tags() == null && request.addTags() == null && request.removeTags() == null) {
            return null;
        }
        List<String> tags = new ArrayList<>(request.tags() != null ? request.tags() : memory.getTags());
        if (request.addTags() != null) {
            tags.addAll(request.addTags());
        }
        Set<String> result = new LinkedHashSet<>(Tags.normalise(tags));
        if (request.removeTags() != null) {
            result.removeAll(Tags.normalise(request.removeTags()));
        }
        return List.copyOf(result);
    }

    /** {@code If-Match} per RFC 9110: {@code *} or a list of entity tags, compared strongly. */
    static boolean matches(String ifMatch, String etag) {
        for (String candidate : ifMatch.split(",")) {
            String value = candidate.trim();
            if (value.equals("*") || value.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
