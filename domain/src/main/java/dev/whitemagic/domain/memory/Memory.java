package dev.whitemagic.domain.memory;

import static dev.whitemagic.domain.Arguments.requireText;

import dev.whitemagic.domain.ConflictException;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One memory of a user: a titled text with a type, tags and an archive lifecycle.
 * <p>
 * The owner is a plain {@code user_id} column rather than a relationship: every query is scoped by it and nothing
 * needs the user loaded with a memory. Instants are kept in whole microseconds, as PostgreSQL stores them, so that
 * an {@link #etag()} computed before a flush equals the one computed after a reload.
 */
@Entity
@Table(name = "memories")
public class Memory {

    /** The longest title, in characters. */
    public static final int MAX_TITLE_LENGTH = 500;

    /** The longest content, in characters. */
    public static final int MAX_CONTENT_LENGTH = 100_000;

    @Id
    @Column(name = "id", nullable = false, updatable = false)
    private UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(name = "title", nullable = false, length = MAX_TITLE_LENGTH)
    private String title;

    @Column(name = "content", nullable = false, columnDefinition = "text")
    private String content;

    @Convert(converter = TypeColumn.class)
    @Column(name = "type", nullable = false, length = 16)
    private MemoryType type;

    // Hibernate 6 maps a basic array to a PostgreSQL array (text[]) without a provider-specific annotation.
    @Column(name = "tags", nullable = false)
    private String[] tags;

    @Convert(converter = StatusColumn.class)
    @Column(name = "status", nullable = false, length = 16)
    private MemoryStatus status;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "accessed_at")
    private Instant accessedAt;

    @Column(name = "archived_at")
    private Instant archivedAt;

    @Convert(converter = TypeColumn.class)
    @Column(name = "original_type", length = 16)
    private MemoryType originalType;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    /** For JPA only. */
    protected Memory() {
    }

    /**
     * A new, active memory.
     *
     * @param userId         the owner
     * @param title          1 to {@value #MAX_TITLE_LENGTH} characters, not blank
     * @param content        1 to {@value #MAX_CONTENT_LENGTH} characters, not blank
     * @param type           short or long term
     * @param tags           the tags as a client sent them ({@code null} for none), normalised here
     * @param now            the creation instant, from the caller's clock
     * @throws dev.whitemagic.domain.InvalidInputException if title or content is blank or too long, or a tag is
     *                                                     refused by {@link Tags#normalise}
     */
    public Memory(UUID userId, String title, String content, MemoryType type, List<String> tags, Instant now) {
        this.id = UUID.randomUUID();
        this.userId = Objects.requireNonNull(userId, "userId");
        this.title = requireText(title, "title", MAX_TITLE_LENGTH);
        this.content = requireText(content, "content", MAX_CONTENT_LENGTH);
        this.type = Objects.requireNonNull(type, "type");
        this.tags = Tags.normalise(tags).toArray(String[]::new);
        this.status = MemoryStatus.ACTIVE;
        this.createdAt = micros(now);
        this.updatedAt = this.createdAt;
        this.sizeBytes = sizeOf(this.title, this.content, List.of(this.tags));
    }

    /**
     * What a memory counts against a storage quota.
     *
     * @return the UTF-8 bytes of the title, the content and each tag, without separators
     */
    public static long sizeOf(String title, String content, List<String> tags) {
        long size = utf8Length(title) + utf8Length(content);
        if (tags != null) {
            for (String tag : tags) {
                size += utf8Length(tag);
            }
        }
        return size;
    }

    /**
     * What the memory would count against a storage quota after {@link #edit} with this edit, computed without
     * changing it: a quota can then be asked before the change is made.
     *
     * @return the size the edited memory would have
     */
    public long sizeAfter(MemoryEdit edit) {
        return sizeOf(edit.title() != null ? edit.title() : title, edit.content() != null ? edit.content() : content,
                tagsAfter(edit));
    }

    /**
     * Makes the edit. The size is recomputed and {@code updated_at} moves to {@code now}, so the {@link #etag()}
     * changes. Changing the type of an archived memory also changes the type it is restored to.
     *
     * @throws dev.whitemagic.domain.InvalidInputException on {@code tags} if more tags than a memory may carry would
     *                                                     remain
     */
    public void edit(MemoryEdit edit, Instant now) {
        Instant at = micros(now);
        List<String> newTags = tagsAfter(edit);
        if (edit.title() != null) {
            this.title = edit.title();
        }
        if (edit.content() != null) {
            this.content = edit.content();
        }
        if (edit.type() != null) {
            this.type = edit.type();
            if (status == MemoryStatus.ARCHIVED) {
                this.originalType = edit.type();
            }
        }
        this.tags = newTags.toArray(String[]::new);
        this.sizeBytes = sizeOf(this.title, this.content, newTags);
        this.updatedAt = at;
    }

    private List<String> tagsAfter(MemoryEdit edit) {
        List<String> current = List.of(tags);
        return edit.changesTags() ? Tags.combine(current, edit.tags(), edit.addTags(), edit.removeTags()) : current;
    }

    /**
     * Archives the memory; archiving an archived memory changes nothing (the first archiving's instant stays).
     *
     * @return {@code true} if this call archived it
     */
    public boolean archive(Instant now) {
        Instant at = micros(now);
        if (status == MemoryStatus.ARCHIVED) {
            return false;
        }
        status = MemoryStatus.ARCHIVED;
        archivedAt = at;
        originalType = type;
        updatedAt = at;
        return true;
    }

    /**
     * Brings an archived memory back, active and in the type it had when it was archived.
     *
     * @throws ConflictException if the memory is not archived
     */
    public void restore(Instant now) {
        Instant at = micros(now);
        if (status != MemoryStatus.ARCHIVED) {
            throw new ConflictException("memory is not archived");
        }
        status = MemoryStatus.ACTIVE;
        if (originalType != null) {
            type = originalType;
        }
        originalType = null;
        archivedAt = null;
        updatedAt = at;
    }

    /**
     * Records a read. Not a change: {@code updated_at} and the {@link #etag()} stay. Never moves backwards, because
     * batched writers may report reads out of order.
     */
    public void touch(Instant now) {
        Instant at = micros(now);
        if (accessedAt == null || at.isAfter(accessedAt)) {
            accessedAt = at;
        }
    }

    /**
     * A strong entity tag of this version of the memory: it changes with every edit, archive and restore and not
     * with reads. Derived from id and {@code updated_at} only, so it costs no column and no content hashing.
     *
     * @return the tag with its quotes, e.g. {@code "3f2a9c0d1b7e4a55"}
     */
    public String etag() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((id + "|" + updatedAt).getBytes(StandardCharsets.UTF_8));
            return '"' + HexFormat.of().formatHex(digest).substring(0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** @return {@code true} while the memory is archived */
    public boolean isArchived() {
        return status == MemoryStatus.ARCHIVED;
    }

    public UUID getId() {
        return id;
    }

    public UUID getUserId() {
        return userId;
    }

    public String getTitle() {
        return title;
    }

    public String getContent() {
        return content;
    }

    public MemoryType getType() {
        return type;
    }

    /** @return the normalised tags, in their order */
    public List<String> getTags() {
        return List.of(tags);
    }

    public MemoryStatus getStatus() {
        return status;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** @return the last read, or {@code null} if never read */
    public Instant getAccessedAt() {
        return accessedAt;
    }

    /** @return when it was archived, or {@code null} while active */
    public Instant getArchivedAt() {
        return archivedAt;
    }

    /** @return the type it had when archived (what restoring returns it to), or {@code null} while active */
    public MemoryType getOriginalType() {
        return originalType;
    }

    /** @return what it counts against the storage quota, see {@link #sizeOf} */
    public long getSizeBytes() {
        return sizeBytes;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Memory memory && id != null && id.equals(memory.getId());
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }

    /** Never the content: anything printed may end up in a log. */
    @Override
    public String toString() {
        return "Memory[id=" + id + ", userId=" + userId + ", type=" + type + ", status=" + status + "]";
    }

    private static long utf8Length(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static Instant micros(Instant now) {
        return Objects.requireNonNull(now, "now").truncatedTo(ChronoUnit.MICROS);
    }

    /** Stores a type as its wire value, which the column's check constraint lists. */
    @Converter
    public static class TypeColumn implements AttributeConverter<MemoryType, String> {
        @Override
        public String convertToDatabaseColumn(MemoryType type) {
            return type == null ? null : type.value();
        }

        @Override
        public MemoryType convertToEntityAttribute(String value) {
            return value == null ? null : MemoryType.parse(value);
        }
    }

    /** Stores a status as its wire value, which the column's check constraint lists. */
    @Converter
    public static class StatusColumn implements AttributeConverter<MemoryStatus, String> {
        @Override
        public String convertToDatabaseColumn(MemoryStatus status) {
            return status == null ? null : status.value();
        }

        @Override
        public MemoryStatus convertToEntityAttribute(String value) {
            return value == null ? null : MemoryStatus.parse(value);
        }
    }
}
