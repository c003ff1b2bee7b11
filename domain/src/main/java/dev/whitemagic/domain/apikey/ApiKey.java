package dev.whitemagic.domain.apikey;

import static dev.whitemagic.domain.Arguments.requireText;

import dev.whitemagic.domain.Arguments;
import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.user.User;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A stored API key: the SHA-256 hash of the raw key (never the key itself), a short prefix for display, its
 * environment label and scopes, and its lifecycle. A key is usable while it is active, not revoked and not expired.
 * <p>
 * Environment and scopes are kept as their wire strings: what they mean belongs to the auth module, which converts
 * them, so that this module does not depend upwards.
 */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    static final int MAX_KEY_HASH_LENGTH = 128;
    static final int MAX_KEY_PREFIX_LENGTH = 16;
    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_ENVIRONMENT_LENGTH = 16;
    static final int MAX_SCOPE_LENGTH = 64;

    /** The environment label of a key made without one, as the column's default. */
    public static final String DEFAULT_ENVIRONMENT = "prod";

    /**
     * The scopes of a key made without any, as the column's default ({@code 005-api-key-scopes.xml}): every scope there was when
     * scopes were introduced, so keys from before then keep working as they did.
     */
    public static final List<String> DEFAULT_SCOPES =
            List.of("memories:read", "memories:write", "keys:manage", "usage:read");

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

    @Column(name = "environment", nullable = false, updatable = false, length = MAX_ENVIRONMENT_LENGTH)
    private String environment;

    // Hibernate 6 maps a basic array to a PostgreSQL array (text[]) without a provider-specific annotation.
    @Column(name = "scopes", nullable = false, updatable = false)
    private String[] scopes;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "replaced_by")
    private UUID replacedBy;

    /** For JPA only. */
    protected ApiKey() {
    }

    /**
     * A new, active key of a user with the default environment and scopes ({@link #DEFAULT_ENVIRONMENT},
     * {@link #DEFAULT_SCOPES}); it also joins {@link User#getApiKeys()}.
     *
     * @param user      the owner
     * @param keyHash   the hash of the raw key (the raw key is never stored)
     * @param keyPrefix the first characters of the raw key, shown to tell keys apart
     * @param name      the owner's label for the key, or {@code null}
     * @param createdAt the creation instant, from the caller's clock
     * @param expiresAt when the key stops working, or {@code null} for never
     */
    public ApiKey(User user, String keyHash, String keyPrefix, String name, Instant createdAt, Instant expiresAt) {
        this(user, keyHash, keyPrefix, name, DEFAULT_ENVIRONMENT, DEFAULT_SCOPES, createdAt, expiresAt);
    }

    /**
     * A new, active key of a user; it also joins {@link User#getApiKeys()}.
     *
     * @param user        the owner
     * @param keyHash     the hash of the raw key (the raw key is never stored)
     * @param keyPrefix   the first characters of the raw key, shown to tell keys apart
     * @param name        the owner's label for the key, or {@code null}
     * @param environment the key's environment label as written in the key, e.g. {@code prod}
     * @param scopes      the wire names of what the key may do; at least one
     * @param createdAt   the creation instant, from the caller's clock
     * @param expiresAt   when the key stops working, or {@code null} for never
     */
    public ApiKey(User user, String keyHash, String keyPrefix, String name, String environment,
                  Collection<String> scopes, Instant createdAt, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.user = Objects.requireNonNull(user, "user");
        this.keyHash = requireText(keyHash, "key_hash", MAX_KEY_HASH_LENGTH);
        this.keyPrefix = requireText(keyPrefix, "key_prefix", MAX_KEY_PREFIX_LENGTH);
        if (name != null && name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            throw new InvalidInputException("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        this.name = Arguments.requireStorable(name, "name");
        this.environment = requireText(environment, "environment", MAX_ENVIRONMENT_LENGTH);
        Objects.requireNonNull(scopes, "scopes");
        if (scopes.isEmpty()) {
            throw new InvalidInputException("scopes", "a key needs at least one scope");
        }
        this.scopes = scopes.stream().map(scope -> requireText(scope, "scopes", MAX_SCOPE_LENGTH)).distinct()
                .toArray(String[]::new);
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        if (expiresAt != null && !expiresAt.isAfter(createdAt)) {
            throw new InvalidInputException("expires_at", "must be in the future");
        }
        this.expiresAt = expiresAt;
        this.active = true;
        user.addApiKey(this);
    }

    /**
     * Whether a request at the given instant may authenticate with this key.
     *
     * @param now the instant of the request
     * @return {@code true} if the key is active, not revoked and has not expired by {@code now}
     */
    public boolean isUsableAt(Instant now) {
        return active && revokedAt == null && !isExpiredAt(now);
    }

    /**
     * @param now the instant to judge at
     * @return {@code true} if the key has an expiry and {@code now} is at or past it
     */
    public boolean isExpiredAt(Instant now) {
        Objects.requireNonNull(now, "now");
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /**
     * Revokes the key for good: it never authenticates again. Revoking twice changes nothing, so the first
     * revocation's instant is the one kept.
     *
     * @param now the instant of the revocation, from the caller's clock
     * @return {@code true} if this call revoked the key, {@code false} if it was revoked already
     */
    public boolean revoke(Instant now) {
        Objects.requireNonNull(now, "now");
        if (revokedAt != null) {
            return false;
        }
        revokedAt = now;
        active = false;
        return true;
    }

    /** @return {@code true} once the key has been revoked */
    public boolean isRevoked() {
        return revokedAt != null;
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
     * Hands the key over to its successor made by a rotation: it keeps working for the grace period (none: revoked at
     * once), and from now on it counts as replaced, so it is not rotated again and cannot manage keys.
     *
     * @param successor the key that replaces this one
     * @param now       the instant of the rotation, from the caller's clock
     * @param grace     how long this key keeps working; zero revokes it now
     * @throws IllegalStateException if the key was replaced already
     */
    public void replaceBy(ApiKey successor, Instant now, Duration grace) {
        Objects.requireNonNull(successor, "successor");
        Objects.requireNonNull(grace, "grace");
        if (replacedBy != null) {
            throw new IllegalStateException("key " + id + " was replaced already");
        }
        replacedBy = successor.getId();
        if (grace.isZero()) {
            revoke(now);
        } else {
            expireAt(now.plus(grace));
        }
    }

    /** @return {@code true} once a rotation has replaced this key, also while its grace period runs */
    public boolean isReplaced() {
        return replacedBy != null;
    }

    /** @return the id of the key that replaced this one by a rotation, or {@code null} */
    public UUID getReplacedBy() {
        return replacedBy;
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

    /** @return the environment label written in the key, e.g. {@code prod} */
    public String getEnvironment() {
        return environment;
    }

    /** @return the wire names of the key's scopes, in the order they were given */
    public List<String> getScopes() {
        return List.of(scopes);
    }

    /** @return when the key was revoked, or {@code null} if it was not */
    public Instant getRevokedAt() {
        return revokedAt;
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
        return "ApiKey[id=" + id + ", keyPrefix=" + keyPrefix + ", environment=" + environment + ", active=" + active
                + ", expiresAt=" + expiresAt + ", revokedAt=" + revokedAt + "]";
    }
}
