package dev.whitemagic.auth.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.whitemagic.auth.AuthConfig;
import java.time.Duration;

/**
 * Hashes of well-formed keys that the database did not know, remembered briefly so that repeating a guess never
 * reaches the database. Bounded: a flood of distinct guesses evicts older ones rather than growing the heap (and is
 * limited per address by {@link dev.whitemagic.auth.throttle.FailedAuthentications} anyway).
 */
@ApplicationScoped
public class UnknownKeys {

    private final Cache<String, Boolean> hashes;

    /** For the CDI client proxy only. */
    protected UnknownKeys() {
        this.hashes = null;
    }

    @Inject
    UnknownKeys(AuthConfig config) {
        this(config.unknownKeysTtl(), config.unknownKeysMaxEntries(), Ticker.systemTicker());
    }

    UnknownKeys(Duration ttl, long maxEntries, Ticker ticker) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("wm.auth.unknown-keys.ttl-seconds must be positive, was "
                    + ttl.toSeconds());
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("wm.auth.unknown-keys.max-entries must be positive, was " + maxEntries);
        }
        this.hashes = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .executor(Runnable::run)
                .maximumSize(maxEntries)
                .ticker(ticker)
                .build();
    }

    /** @return whether the database said recently that no key has this SHA-256 hex hash */
    public boolean isKnownUnknown(String keyHash) {
        return hashes.getIfPresent(keyHash) != null;
    }

    /** Remembers that the database knows no key with this hash. */
    public void remember(String keyHash) {
        hashes.put(keyHash, Boolean.TRUE);
    }

    /** Forgets the hash, e.g. because a key with it was just created. */
    public void forget(String keyHash) {
        hashes.invalidate(keyHash);
    }
}
