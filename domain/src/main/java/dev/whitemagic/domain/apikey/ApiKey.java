package dev.whitemagic.domain.apikey;

import static dev.whitemagic.domain.Arguments.requireText;

import dev.whitemagic.domain.user.User;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A stored API key: the SHA-256 hash of the raw key (never the key itself), a short prefix for display,
 * and its lifecycle. A key is usable while it is active and not expired.
 */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    static final int MAX_KEY_HASH_LENGTH = 128;
    static final int MAX_KEY_PREFIX_LENGTH = 16;
    static final int MAX_NAME_LENGTH = 100;

    @Id
    @Column(name = "id", nullable = false, updatable = false)
    private UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id", nullable = false, updatable = false)
    private User user;

    @Column(name = "key_hash", nullable = false, updatable = false, length = MAX_KEY_HASH_LENGTH)
    private String keyHash;

    @Column(name = "key_prefix", nullable = false, updatable = false, length = MAX_KEY_PREFIX_LENGTH)
    private String keyPrefix;

    @Column(name = "name", length = MAX_NAME_LENGTH)
    private String name;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "is_active", nullable = false)
    private boolean active;

    /** For JPA only. */
    protected ApiKey() {
    }

    /**
     * A new, active key of a user; it also joins {@link User#getApiKeys()}.
     *
     * @param user      the owner
     * @param keyHash   the hash of the raw key (the raw key is never stored)
     * @param keyPrefix the first characters of the raw key, shown to tell keys apart
     * @param name      the owner's label for the key, or {@code null}
     * @param createdAt the creation instant, from the caller's clock
     * @param expiresAt when the key stops working, or {@code null} for never
     */
    public ApiKey(User user, String keyHash, String keyPrefix, String name, Instant createdAt, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.user = Objects.requireNonNull(user, "user");
        this.keyHash = requireText(keyHash, "keyHash", MAX_KEY_HASH_LENGTH);
        this.keyPrefix = requireText(keyPrefix, "keyPrefix", MAX_KEY_PREFIX_LENGTH);
        if (name != null && name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        this.name = name;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        if (expiresAt != null && !expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("expiresAt must be after createdAt");
        }
        this.expiresAt = expiresAt;
        this.active = true;
        user.addApiKey(this);
    }

    /**
     * Whether a request at the given instant may authenticate with this key.
     *
     * @param now the instant of the request
     * @return {@code true} if the key is active and has not expired by {@code now}
     */
    public boolean isUsableAt(Instant now) {
        return active && !isExpiredAt(now);
    }

    /**
     * @param now the instant to judge at
     * @return {@code true} if the key has an expiry and {@code now} is at or past it
     */
    public boolean isExpiredAt(Instant now) {
        Objects.requireNonNull(now, "now");
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Revokes the key for good: it never authenticates again. Revoking twice changes nothing. */
    public void deactivate() {
        active = false;
    }

    /**
     * Brings the expiry forward, e.g. to end a rotation's grace period; a later instant than the current expiry
     * is ignored, so a key never lives longer than it was made to.
     *
     * @param when the instant at which the key stops working
     */
    public void expireAt(Instant when) {
        Objects.requireNonNull(when, "when");
        if (expiresAt == null || when.isBefore(expiresAt)) {
            expiresAt = when;
        }
    }

    /**
     * Records a use of the key. Never moves backwards, because batched writers may report uses out of order.
     *
     * @param now the instant of the use
     */
    public void usedAt(Instant now) {
        Objects.requireNonNull(now, "now");
        if (lastUsedAt == null || now.isAfter(lastUsedAt)) {
            lastUsedAt = now;
        }
    }

    /** @return the id, assigned when the key was made */
    public UUID getId() {
        return id;
    }

    /** @return the owner (a lazy reference: its id is available without loading it) */
    public User getUser() {
        return user;
    }

    /** @return the hash of the raw key; compare it, never log it */
    public String getKeyHash() {
        return keyHash;
    }

    /** @return the display prefix of the raw key */
    public String getKeyPrefix() {
        return keyPrefix;
    }

    /** @return the owner's label, or {@code null} */
    public String getName() {
        return name;
    }

    /** @return when the key was made */
    public Instant getCreatedAt() {
        return createdAt;
    }

    /** @return when the key was last used, or {@code null} if never */
    public Instant getLastUsedAt() {
        return lastUsedAt;
    }

    /** @return when the key stops working, or {@code null} for never */
    public Instant getExpiresAt() {
        return expiresAt;
    }

    /** @return {@code false} once the key has been revoked */
    public boolean isActive() {
        return active;
    }

    @Override
    public boolean equals(Object other) {
        // getId() rather than the field: other may be an uninitialised proxy.
        return this == other || other instanceof ApiKey key && id != null && id.equals(key.getId());
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }

    /** Never the hash: anything printed may end up in a log. */
    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", keyPrefix=" + keyPrefix + ", active=" + active + ", expiresAt=" + expiresAt + "]";
    }
}
