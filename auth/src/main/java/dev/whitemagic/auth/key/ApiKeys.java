package dev.whitemagic.auth.key;

import dev.whitemagic.auth.InsufficientScopeException;
import dev.whitemagic.domain.ConflictException;
import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.NotFoundException;
import dev.whitemagic.domain.apikey.ApiKey;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.apikey.ApiKeyRepository;
import dev.whitemagic.persistence.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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
@Transactional
public class ApiKeys {

    /** The longest grace period of a rotation (API.md: {@code grace_period_seconds} 0–604800). */
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
    @ConfigProperty(name = "wm.key.environment", defaultValue = "prod")
    String defaultEnvironment;

    /** For CDI. */
    ApiKeys() {
    }

    /** For tests outside a container; the caller runs the transactions. */
    ApiKeys(Clock clock, ApiKeyGenerator generator, UserRepository users, ApiKeyRepository keys,
            Event<CallerInvalidated> invalidations, String defaultEnvironment) {
        this.clock = clock;
        this.generator = generator;
        this.users = users;
        this.keys = keys;
        this.invalidations = invalidations;
        this.defaultEnvironment = defaultEnvironment;
    }

    /**
     * Issues a key for the calling key's user. Without scopes it gets the caller's; it never gets more.
     *
     * @throws InsufficientScopeException if the request names a scope the caller lacks
     * @throws InvalidInputException      on {@code name}, {@code scopes} or {@code expires_at}
     * @throws NotFoundException          if the caller's user no longer exists
     */
    public IssuedKey create(Caller caller, NewKey request) {
        Objects.requireNonNull(caller, "caller");
        Set<Scope> scopes = request.scopes() == null ? caller.scopes() : request.scopes();
        if (!caller.scopes().containsAll(scopes)) {
            Set<Scope> missing = EnumSet.noneOf(Scope.class);
            missing.addAll(scopes);
            missing.removeAll(caller.scopes());
            throw new InsufficientScopeException("a key cannot grant scopes its creator lacks: "
                    + String.join(", ", Scope.values(missing)));
        }
        return issue(caller.userId(), request, scopes);
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
     * until the grace period ends (a grace of zero revokes it at once).
     *
     * @param grace how long the old key keeps working, 0 to {@link #MAX_GRACE}
     * @throws InvalidInputException on {@code grace_period_seconds} if the grace is out of range
     * @throws NotFoundException     if the key does not exist or belongs to another user (alike)
     * @throws ConflictException     if the key is revoked or expired already
     */
    public RotatedKey rotate(UUID userId, UUID keyId, Duration grace) {
        if (grace == null || grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw new InvalidInputException("grace_period_seconds",
                    "grace period must be between 0 and " + MAX_GRACE.toSeconds() + " seconds");
        }
        ApiKey old = get(userId, keyId);
        Instant now = clock.instant();
        if (!old.isUsableAt(now)) {
            throw new ConflictException("a revoked or expired key cannot be rotated");
        }
        String raw = generator.generate(KeyEnvironment.parse(old.getEnvironment()));
        ApiKey replacement = new ApiKey(old.getUser(), ApiKeyHasher.sha256Hex(raw), ApiKeyHasher.prefix(raw),
                old.getName(), old.getEnvironment(), old.getScopes(), now, old.getExpiresAt());
        keys.persist(replacement);
        if (grace.isZero()) {
            old.revoke(now);
        } else {
            old.expireAt(now.plus(grace));
        }
        invalidations.fire(CallerInvalidated.key(userId, keyId));
        return new RotatedKey(raw, replacement, grace.isZero() ? now : old.getExpiresAt());
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
            throw new InvalidInputException("expires_at", "expiry must be in the future");
        }
        KeyEnvironment environment = request.environment() != null ? request.environment() : defaultEnvironment();
        User user = users.find(userId).orElseThrow(() -> new NotFoundException("user not found"));
        String raw = generator.generate(environment);
        ApiKey key = new ApiKey(user, ApiKeyHasher.sha256Hex(raw), ApiKeyHasher.prefix(raw), name,
                environment.value(), wireNames(scopes), now, request.expiresAt());
        keys.persist(key);
        return new IssuedKey(raw, key);
    }

    private KeyEnvironment defaultEnvironment() {
        try {
            return KeyEnvironment.parse(defaultEnvironment);
        } catch (InvalidInputException e) {
            // A configuration mistake, not the client's: it must not read as a 400 on a field the client never sent.
            throw new IllegalStateException("wm.key.environment must be prod, test or dev, not '"
                    + defaultEnvironment + "'", e);
        }
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "name must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidInputException("name", "name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    private static Collection<String> wireNames(Set<Scope> scopes) {
        return Scope.values(scopes);
    }
}
