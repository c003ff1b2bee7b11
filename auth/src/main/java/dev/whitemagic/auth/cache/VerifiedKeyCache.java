package dev.whitemagic.auth.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.whitemagic.auth.key.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.whitemagic.auth.AuthConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The verified keys of this node, keyed by the SHA-256 hex hash of the presented key, so that a request with a
 * known key costs no database round trip.
 * <p>
 * Correctness rests on invalidation ({@link KeyInvalidations}): an entry is evicted on this node when the change
 * commits and on every other node when the notification arrives. Entries also expire by age as a backstop, and the
 * size is bounded. The hashes are keys of a map and nothing else: they are never logged.
 * <p>
 * A verification that read the database before an invalidation committed may try to {@link #put} its stale
 * {@link Caller} after the eviction ran. To close that window, every eviction leaves a short-lived tombstone for the
 * key or user, and {@link #put} ignores callers that match one.
 * <p>
 * Caffeine's maintenance (expiry, size eviction) runs on the calling thread ({@code executor(Runnable::run)}), as in
 * the other caches of this module: its default, the common fork-join pool, is a thread the container does not
 * manage, and the work is small.
 */
@ApplicationScoped
public class VerifiedKeyCache {

    /** Longer than any verification takes from its database read to its {@code put}. */
    static final Duration TOMBSTONE_TTL = Duration.ofSeconds(10);

    private final Cache<String, Caller> callers;
    /** Key ids and user ids evicted in the last {@link #TOMBSTONE_TTL}. */
    private final Cache<UUID, Boolean> tombstones;

    /** For the CDI client proxy only. */
    protected VerifiedKeyCache() {
        this.callers = null;
        this.tombstones = null;
    }

    @Inject
    VerifiedKeyCache(AuthConfig config) {
        this(config.cacheTtl(), config.cacheMaxEntries(), Ticker.systemTicker());
    }

    VerifiedKeyCache(Duration ttl, long maxEntries, Ticker ticker) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("wm.auth.cache.ttl-seconds must be positive, was " + ttl.toSeconds());
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("wm.auth.cache.max-entries must be positive, was " + maxEntries);
        }
        this.callers = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .executor(Runnable::run)
                .maximumSize(maxEntries)
                .ticker(ticker)
                .build();
        this.tombstones = Caffeine.newBuilder()
                .expireAfterWrite(TOMBSTONE_TTL)
                .executor(Runnable::run)
                .maximumSize(maxEntries)
                .ticker(ticker)
                .build();
    }

    /**
     * @param keyHash the SHA-256 hex hash of the presented key
     * @return the caller verified earlier for that key, if still cached; the caller still checks
     *         {@link Caller#usableAt} (expiry is not an invalidation)
     */
    public Optional<Caller> get(String keyHash) {
        return Optional.ofNullable(callers.getIfPresent(keyHash));
    }

    /**
     * Remembers a caller just verified against the database. Ignored if its key or user was invalidated in the last
     * few seconds, because the database read may predate that invalidation.
     */
    public void put(String keyHash, Caller caller) {
        if (tombstones.getIfPresent(caller.keyId()) != null || tombstones.getIfPresent(caller.userId()) != null) {
            return;
        }
        callers.put(keyHash, caller);
    }

    /** Evicts the key's entry (there is at most one; the scan is fine because invalidations are rare). */
    public void evictKey(UUID keyId) {
        tombstones.put(keyId, Boolean.TRUE);
        callers.asMap().values().removeIf(caller -> caller.keyId().equals(keyId));
    }

    /** Evicts the entries of every key of the user. */
    public void evictUser(UUID userId) {
        tombstones.put(userId, Boolean.TRUE);
        callers.asMap().values().removeIf(caller -> caller.userId().equals(userId));
    }

    /** Drops every entry: for when invalidations may have been missed. */
    public void clear() {
        callers.invalidateAll();
    }

    /** @return the number of entries, approximately (expired entries may linger until the next maintenance) */
    public long size() {
        callers.cleanUp();
        return callers.estimatedSize();
    }
}
