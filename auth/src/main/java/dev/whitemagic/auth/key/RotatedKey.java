package dev.whitemagic.auth.key;

import dev.whitemagic.domain.apikey.ApiKey;

import java.time.Instant;

/**
 * The result of a rotation: the new key (raw once, and as stored) and when the previous one stops working.
 */
public record RotatedKey(String rawKey, ApiKey apiKey, Instant previousKeyExpiresAt) {

    /** Never the raw key: anything printed may end up in a log. */
    @Override
    public String toString() {
        return "RotatedKey[apiKey=" + apiKey + ", previousKeyExpiresAt=" + previousKeyExpiresAt + "]";
    }
}
