package dev.whitemagic.auth.key;

import dev.whitemagic.auth.AuthConfig;
import dev.whitemagic.auth.CredentialGoneException;
import dev.whitemagic.auth.InsufficientScopeException;
import dev.whitemagic.auth.NotPermittedException;
import dev.whitemagic.domain.Arguments;
import dev.whitemagic.domain.ConflictException;
import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.NotFoundException;
import dev.whitemagic.domain.apikey.ApiKey;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.apikey.ApiKeyRepository;
import dev.whitemagic.persistence.transaction.FlushBeforeCommit;
import dev.whitemagic.persistence.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The lifecycle of API keys: issue, list, revoke, rotate, and verify a presented key's hash into a {@link Caller}.
 * Every change that may invalidate what a node has cached about a key fires {@link CallerInvalidated} inside the
 * transaction that made it.
 */
@ApplicationScoped
@FlushBeforeCommit
@Transactional
public class ApiKeys {

    /** The longest grace period of a rotation ({@code grace_period_seconds} 0–604800): a week. */
    public static final Duration MAX_GRACE = Duration.ofDays(7);

    static final int MAX_NAME_LENGTH = 100;

    private static final String KEY_NOT_FOUND = "API key not found";

    @Inject
    Clock clock;

    @Inject
    ApiKeyGenerator generator;

    @Inject
    UserRepository users;

    @Inject
    ApiKeyRepository keys;

    @Inject
    Event<CallerInvalidated> invalidations;

    @Inject
    AuthConfig config;

    /** For CDI. */
    ApiKeys() {
    }

    /** For tests outside a container; the caller runs the transactions. */
    ApiKeys(Clock clock, ApiKeyGenerator generator, UserRepository users, ApiKeyRepository keys,
            Event<CallerInvalidated> invalidations, AuthConfig config) {
        this.clock = clock;
        this.generator = generator;
        this.users = users;
        this.keys = keys;
        this.invalidations = invalidations;
        this.config = config;
    }

    /**
     * Issues a key for the calling key's user. A key never obtains more than its creator has: without scopes it
     * gets the caller's, and without an expiry the caller's expiry (never, if the caller has none). A key that a
     * rotation has replaced cannot issue keys, even while its grace period lets it read and write.
     *
     * @throws InsufficientScopeException if the request names a scope the caller lacks
     * @throws InvalidInputException      on {@code name}, {@code scopes}, or the expiry field if the expiry is not
     *                                    in the future or is later than the caller's own
     * @throws NotPermittedException      if the calling key was replaced by a rotation
     * @throws CredentialGoneException    if the calling key no longer works (revoked or deleted meanwhile)
     */
    public IssuedKey create(Caller caller, NewKey request) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(request, "request");
        Set<Scope> scopes = request.scopes() == null ? caller.scopes() : request.scopes();
        if (!caller.scopes().containsAll(scopes)) {
            throw new InsufficientScopeException("a key cannot grant scopes its creator lacks: "
                    + String.join(", ", Scope.values(missing(scopes, caller.scopes()))));
        }
        ApiKey creator = managingKey(caller, clock.instant());
        Instant limit = creator.getExpiresAt();
        Instant expiresAt = request.expiresAt() == null ? limit : request.expiresAt();
        if (limit != null && expiresAt.isAfter(limit)) {
            throw new InvalidInputException(request.expiryField(), "a key cannot outlive the key that creates it,"
                    + " which expires at " + limit + "; ask for an expiry no later than that");
        }
        return issue(caller.userId(), new NewKey(request.name(), request.environment(), scopes, expiresAt,
                request.expiryField()), scopes);
    }

    /**
     * Issues a key for a user on the admin path: without scopes it gets all of them.
     *
     * @throws NotFoundException     if there is no such user
     * @throws InvalidInputException on {@code name}, {@code scopes} or {@code expires_at}
     */
    public IssuedKey createForUser(UUID userId, NewKey request) {
        return issue(userId, request, request.scopes() == null ? Scope.all() : request.scopes());
    }

    /**
     * @param includeInactive whether revoked and expired keys (at the clock's now) are listed too
     * @return the user's keys, newest first
     */
    public List<ApiKey> list(UUID userId, boolean includeInactive) {
        return keys.listByUser(userId, includeInactive, clock.instant());
    }

    /** @throws NotFoundException if the key does not exist or belongs to another user (alike) */
    public ApiKey get(UUID userId, UUID keyId) {
        return keys.findForUser(userId, keyId).orElseThrow(() -> new NotFoundException(KEY_NOT_FOUND));
    }

    /**
     * Revokes a key of the user for good. Revoking a revoked key changes nothing but is no error.
     *
     * @throws NotFoundException if the key does not exist or belongs to another user (alike)
     */
    public void revoke(UUID userId, UUID keyId) {
        ApiKey key = get(userId, keyId);
        key.revoke(clock.instant());
        // Also when it was revoked already: a node that missed the first event gets another chance.
        invalidations.fire(CallerInvalidated.key(userId, keyId));
    }

    /**
     * Replaces a key by a new one with the same name, environment, scopes and expiry; the old key keeps working
     * until the grace period ends (a grace of zero revokes it at once). A key is rotated once: its successor is
     * the key to rotate next. The rotating key never obtains more than it has: it cannot rotate a key with a scope
     * it lacks or one that outlives it, and once replaced itself it cannot rotate keys.
     *
     * @param caller the key that asks, and its user
     * @param grace  how long the old key keeps working, 0 to {@link #MAX_GRACE}
     * @throws InvalidInputException      on {@code grace_period_seconds} if the grace is out of range
     * @throws NotFoundException          if the key does not exist or belongs to another user (alike)
     * @throws ConflictException          if the key is revoked, expired, or replaced by an earlier rotation
     * @throws InsufficientScopeException if the key has a scope the caller lacks
     * @throws NotPermittedException      if the key outlives the caller, or the caller was replaced by a rotation
     * @throws CredentialGoneException    if the calling key no longer works (revoked or deleted meanwhile)
     */
    public RotatedKey rotate(Caller caller, UUID keyId, Duration grace) {
        Objects.requireNonNull(caller, "caller");
        if (grace == null || grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw new InvalidInputException("grace_period_seconds",
                    "grace period must be between 0 and " + MAX_GRACE.toSeconds() + " seconds");
        }
        UUID userId = caller.userId();
        // Locked: a second rotation of the same key waits for this one and then finds the key replaced.
        ApiKey old = keys.findForUserForUpdate(userId, keyId).orElseThrow(() -> new NotFoundException(KEY_NOT_FOUND));
        Instant now = clock.instant();
        if (!old.isUsableAt(now)) {
            throw new ConflictException("a revoked or expired key cannot be rotated");
        }
        if (old.isReplaced()) {
            throw new ConflictException("this key was rotated already and its grace period is running; rotate its"
                    + " successor instead");
        }
        Set<Scope> lacking = missing(scopesOf(old), caller.scopes());
        if (!lacking.isEmpty()) {
            throw new InsufficientScopeException("a key cannot rotate a key with scopes it lacks: "
                    + String.join(", ", Scope.values(lacking)));
        }
        ApiKey rotating = old.getId().equals(caller.keyId()) ? old : managingKey(caller, now);
        if (rotating.isReplaced()) {
            throw replacedCannotManage();
        }
        Instant limit = rotating.getExpiresAt();
        if (limit != null && (old.getExpiresAt() == null || old.getExpiresAt().isAfter(limit))) {
            throw new NotPermittedException("a key cannot rotate a key that outlives it: the successor would keep"
                    + " the rotated key's lifetime");
        }
        String raw = generator.generate(KeyEnvironment.parse(old.getEnvironment()));
        ApiKey replacement = new ApiKey(old.getUser(), ApiKeyHasher.sha256Hex(raw), ApiKeyHasher.prefix(raw),
                old.getName(), old.getEnvironment(), old.getScopes(), now, old.getExpiresAt());
        keys.persist(replacement);
        old.replaceBy(replacement, now, grace);
        invalidations.fire(CallerInvalidated.key(userId, keyId));
        return new RotatedKey(raw, replacement, grace.isZero() ? now : old.getExpiresAt());
    }

    /**
     * The calling key as stored, when it may manage keys: it still works and no rotation has replaced it.
     */
    private ApiKey managingKey(Caller caller, Instant now) {
        ApiKey key = keys.findForUser(caller.userId(), caller.keyId())
                .filter(found -> found.isUsableAt(now))
                .orElseThrow(CredentialGoneException::new);
        if (key.isReplaced()) {
            throw replacedCannotManage();
        }
        return key;
    }

    private static NotPermittedException replacedCannotManage() {
        return new NotPermittedException("this key was replaced by a rotation: until its grace period ends it can"
                + " still read and write, but keys are managed with its successor");
    }

    private static Set<Scope> missing(Set<Scope> wanted, Set<Scope> held) {
        Set<Scope> missing = EnumSet.noneOf(Scope.class);
        missing.addAll(wanted);
        missing.removeAll(held);
        return missing;
    }

    /**
     * Looks a presented key up by its hash: one query for the key and its user. Not cached here; the
     * authentication mechanism caches what this returns.
     *
     * @param keyHash the SHA-256 hex of the presented key ({@link ApiKeyHasher#sha256Hex(String)})
     * @param now     the instant of the request
     * @return the caller, if the key exists, is active, not revoked and not expired at {@code now}
     */
    public Optional<Caller> verify(String keyHash, Instant now) {
        return keys.findUsableByHash(keyHash, now).map(key -> new Caller(key.getUser().getId(), key.getId(),
                key.getKeyPrefix(), PlanTier.ofStored(key.getUser().getPlanTier()).value(), scopesOf(key),
                key.getExpiresAt(), new Caller.KeyDetails(key.getName(), key.getEnvironment(), key.getScopes(),
                key.getCreatedAt(), key.getLastUsedAt())));
    }

    /**
     * @return the key's scopes; a stored name that no {@link Scope} knows grants nothing rather than failing
     */
    public static Set<Scope> scopesOf(ApiKey key) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String stored : key.getScopes()) {
            for (Scope scope : Scope.values()) {
                if (scope.value().equals(stored)) {
                    scopes.add(scope);
                }
            }
        }
        return scopes;
    }

    private IssuedKey issue(UUID userId, NewKey request, Set<Scope> scopes) {
        Objects.requireNonNull(request, "request");
        String name = requireName(request.name());
        if (scopes.isEmpty()) {
            throw new InvalidInputException("scopes", "a key needs at least one scope");
        }
        Instant now = clock.instant();
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw new InvalidInputException(request.expiryField(), "expiry must be in the future");
        }
        KeyEnvironment environment = request.environment() != null ? request.environment() : config.keyEnvironment();
        User user = users.find(userId).orElseThrow(() -> new NotFoundException("user not found"));
        String raw = generator.generate(environment);
        ApiKey key = new ApiKey(user, ApiKeyHasher.sha256Hex(raw), ApiKeyHasher.prefix(raw), name,
                environment.value(), wireNames(scopes), now, request.expiresAt());
        keys.persist(key);
        return new IssuedKey(raw, key);
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "name must not be blank");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            throw new InvalidInputException("name", "name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        return Arguments.requireStorable(name, "name");
    }

    private static Collection<String> wireNames(Set<Scope> scopes) {
        return Scope.values(scopes);
    }
}
