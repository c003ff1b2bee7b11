package dev.whitemagic.auth.key;

import dev.whitemagic.domain.apikey.ApiKey;

/**
 * A key just made: the raw key, which is shown to the client once and never stored or logged, and what is stored.
 */
public record IssuedKey(String rawKey, ApiKey apiKey) {

    /** Never the raw key: anything printed may end up in a log. */
    @Override
    public String toString() {
        return "IssuedKey[apiKey=" + apiKey + "]";
    }
}
