package dev.whitemagic.domain.user;

import static dev.whitemagic.domain.Arguments.requireText;

import dev.whitemagic.domain.apikey.ApiKey;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A customer account.
 * <p>
 * The quota of a user shares the user's id ({@link dev.whitemagic.domain.quota.Quota} maps it with
 * {@code @MapsId}) and is found with {@code find(Quota.class, user.getId())}. It is deliberately not mapped
 * as a field here: the inverse side of a one-to-one cannot be lazy without bytecode enhancement, which is off
 * on Payara, so such a field would load the quota with every user.
 */
@Entity
@Table(name = "users")
public class User {

    /** The tier a new account starts on. */
    public static final String DEFAULT_PLAN_TIER = "free";

    static final int MAX_EMAIL_LENGTH = 255;
    static final int MAX_WHOP_ID_LENGTH = 255;
    static final int MAX_PLAN_TIER_LENGTH = 50;

    @Id
    @Column(name = "id", nullable = false, updatable = false)
    private UUID id;

    @Column(name = "email", nullable = false, length = MAX_EMAIL_LENGTH)
    private String email;

    @Column(name = "whop_user_id", length = MAX_WHOP_ID_LENGTH)
    private String whopUserId;

    @Column(name = "whop_membership_id", length = MAX_WHOP_ID_LENGTH)
    private String whopMembershipId;

    @Column(name = "plan_tier", nullable = false, length = MAX_PLAN_TIER_LENGTH)
    private String planTier;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "last_seen_at")
    private Instant lastSeenAt;

    @OneToMany(mappedBy = "user")
    private List<ApiKey> apiKeys = new ArrayList<>();

    /** For JPA only. */
    protected User() {
    }

    /**
     * A new account on the {@value #DEFAULT_PLAN_TIER} plan.
     *
     * @param email the account's email address, as given
     * @param now   the creation instant, from the caller's clock
     */
    public User(String email, Instant now) {
        this(email, DEFAULT_PLAN_TIER, now);
    }

    /**
     * A new account on the given plan.
     *
     * @param email    the account's email address, as given
     * @param planTier the plan's name, e.g. {@code free} or {@code pro}; stored as given
     * @param now      the creation instant, from the caller's clock
     */
    public User(String email, String planTier, Instant now) {
        this.id = UUID.randomUUID();
        this.email = requireText(email, "email", MAX_EMAIL_LENGTH);
        this.planTier = requireText(planTier, "plan_tier", MAX_PLAN_TIER_LENGTH);
        this.createdAt = Objects.requireNonNull(now, "now");
        this.updatedAt = now;
    }

    /**
     * Links the account to its Whop user and membership; {@code null} leaves a link as it is.
     *
     * @param whopUserId       Whop's id of the user, or {@code null}
     * @param whopMembershipId Whop's id of the membership, or {@code null}
     * @param now              the instant of the change
     */
    public void linkWhop(String whopUserId, String whopMembershipId, Instant now) {
        Objects.requireNonNull(now, "now");
        if (whopUserId != null) {
            this.whopUserId = requireText(whopUserId, "whop_user_id", MAX_WHOP_ID_LENGTH);
        }
        if (whopMembershipId != null) {
            this.whopMembershipId = requireText(whopMembershipId, "whop_membership_id", MAX_WHOP_ID_LENGTH);
        }
        this.updatedAt = now;
    }

    /**
     * Forgets the Whop membership (it was deleted); the link to the Whop user stays.
     *
     * @param now the instant of the change
     * @return {@code true} if a membership was linked
     */
    public boolean unlinkWhopMembership(Instant now) {
        Objects.requireNonNull(now, "now");
        if (whopMembershipId == null) {
            return false;
        }
        this.whopMembershipId = null;
        this.updatedAt = now;
        return true;
    }

    /**
     * Moves the account to another plan. Whether the tier is one the configuration knows is the caller's
     * concern: a stored tier nobody knows is treated as free.
     *
     * @param tier the new plan's name
     * @param now  the instant of the change
     * @return {@code true} if the plan changed, {@code false} if the account was already on it
     */
    public boolean changePlan(String tier, Instant now) {
        String newTier = requireText(tier, "plan_tier", MAX_PLAN_TIER_LENGTH);
        Objects.requireNonNull(now, "now");
        if (newTier.equals(planTier)) {
            return false;
        }
        this.planTier = newTier;
        this.updatedAt = now;
        return true;
    }

    /**
     * Records that the user made a request. Never moves backwards, because batched writers may report
     * sightings out of order.
     *
     * @param now the instant of the request
     */
    public void seenAt(Instant now) {
        Objects.requireNonNull(now, "now");
        if (lastSeenAt == null || now.isAfter(lastSeenAt)) {
            lastSeenAt = now;
        }
    }

    /**
     * Adds a new key to the loaded side of the one-to-many, so that {@link #getApiKeys()} shows it before the
     * next load. Called by the {@link ApiKey} constructor; there is no need to call it elsewhere.
     *
     * @param key a key made for this user
     */
    public void addApiKey(ApiKey key) {
        // equals, not ==: the key may hold a proxy of this user (e.g. from getReference).
        if (!equals(key.getUser())) {
            throw new IllegalArgumentException("the key belongs to another user");
        }
        apiKeys.add(key);
    }

    /** @return the id, assigned when the account was made */
    public UUID getId() {
        return id;
    }

    /** @return the email address */
    public String getEmail() {
        return email;
    }

    /** @return Whop's id of the user, or {@code null} if not linked */
    public String getWhopUserId() {
        return whopUserId;
    }

    /** @return Whop's id of the membership, or {@code null} if not linked */
    public String getWhopMembershipId() {
        return whopMembershipId;
    }

    /** @return the plan tier's name */
    public String getPlanTier() {
        return planTier;
    }

    /** @return when the account was made */
    public Instant getCreatedAt() {
        return createdAt;
    }

    /** @return when the account was last changed (plan, Whop link) */
    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** @return when the user was last seen, or {@code null} if never */
    public Instant getLastSeenAt() {
        return lastSeenAt;
    }

    /**
     * The user's keys, loaded lazily on first access (inside a persistence context). Prefer a repository
     * query for lists that are filtered or ordered.
     *
     * @return an unmodifiable view of the keys
     */
    public List<ApiKey> getApiKeys() {
        return Collections.unmodifiableList(apiKeys);
    }

    @Override
    public boolean equals(Object other) {
        // getId() rather than the field: other may be an uninitialised proxy.
        return this == other || other instanceof User user && id != null && id.equals(user.getId());
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }

    /** Id and plan only: the email and Whop ids are personal data and stay out of logs. */
    @Override
    public String toString() {
        return "User[id=" + id + ", planTier=" + planTier + "]";
    }
}
