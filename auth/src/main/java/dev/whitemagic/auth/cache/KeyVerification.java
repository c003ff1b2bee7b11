package dev.whitemagic.auth.cache;

import dev.whitemagic.auth.key.ApiKeyFormat;
import dev.whitemagic.auth.key.ApiKeyHasher;
import dev.whitemagic.auth.key.ApiKeys;
import dev.whitemagic.auth.key.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * Tells who a presented API key belongs to, from memory whenever it can: shape and checksum are checked without I/O,
 * a recently unknown hash is refused from {@link UnknownKeys}, a verified key is served from {@link VerifiedKeyCache};
 * only a key not seen lately costs a query.
 */
@ApplicationScoped
public class KeyVerification {

    @Inject
    ApiKeys apiKeys;

    @Inject
    VerifiedKeyCache verifiedKeys;

    @Inject
    UnknownKeys unknownKeys;

    /**
     * @param rawKey the key as presented
     * @param now    the time of the request
     * @return the caller behind the key; empty if the key does not work (malformed, unknown, revoked, expired, or
     *         in no grace period any more), all alike
     * @throws RuntimeException as the database does when a key not yet cached cannot be looked up (busy or away):
     *                          such a key cannot be judged, and is not remembered as unknown
     */
    public Optional<Caller> verify(String rawKey, Instant now) {
        return verify(rawKey, now, true);
    }

    /**
     * Like {@link #verify}, but without the database: a key not verified lately is empty, as a key that does not
     * work is. For when the database cannot be reached, so that what is known still works.
     */
    public Optional<Caller> verifyFromMemory(String rawKey, Instant now) {
        return verify(rawKey, now, false);
    }

    private Optional<Caller> verify(String rawKey, Instant now, boolean lookUp) {
        if (!ApiKeyFormat.isValid(rawKey)) {
            return Optional.empty();
        }
        String hash = ApiKeyHasher.sha256Hex(rawKey);
        if (unknownKeys.isKnownUnknown(hash)) {
            return Optional.empty();
        }
        Optional<Caller> cached = verifiedKeys.get(hash);
        if (cached.isPresent()) {
            if (cached.get().usableAt(now)) {
                return cached;
            }
            verifiedKeys.evictKey(cached.get().keyId());
        }
        if (!lookUp) {
            return Optional.empty();
        }
        Optional<Caller> verified = apiKeys.verify(hash, now);
        if (verified.isPresent()) {
            verifiedKeys.put(hash, verified.get());
        } else {
            unknownKeys.remember(hash);
        }
        return verified;
    }
}
